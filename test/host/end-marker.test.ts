import { strict as assert } from 'node:assert';
import { EndMarkerScanner, withEndMarker } from '../../src/host/node/end-marker';

describe('end marker', () => {
  it('writes the marker into the script only in pieces', () => {
    const { marker, script } = withEndMarker('make test');
    assert.match(marker, /^__CRUX_END_[0-9a-f]{16}__$/);
    assert.ok(!script.includes(marker));
    assert.ok(script.endsWith('\nmake test'));
  });

  it('releases text up to the marker, holding back a possible partial marker', () => {
    const scanner = new EndMarkerScanner('<<END>>');
    assert.equal(scanner.push('hello <'), 'hello ');
    assert.equal(scanner.push('<E'), '');
    assert.equal(scanner.push('ND>> echo after'), '');
    assert.equal(scanner.found, true);
    assert.equal(scanner.push('more'), '');
  });

  it('releases held text that turned out not to be the marker', () => {
    const scanner = new EndMarkerScanner('<<END>>');
    assert.equal(scanner.push('a <<E'), 'a ');
    assert.equal(scanner.push('ND!'), '<<END!');
    assert.equal(scanner.push('x <<'), 'x ');
    assert.equal(scanner.flush(), '<<');
    assert.equal(scanner.found, false);
  });
});
