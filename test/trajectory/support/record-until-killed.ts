// Child process for the durability test: records the endless run into the store folder given
// as argv[2] until it is killed. After each event is recorded it appends the event's number
// to argv[3] (synchronously, after the recorder returned): every number there names an event
// the recorder had finished writing. It prints "ready" once the header is written.
import { writeSync, openSync } from 'node:fs';
import { Redactor } from '../../../src/trajectory/privacy/redactor';
import { TrajectoryRecorder } from '../../../src/trajectory/recorder';
import { TrajectoryStore } from '../../../src/trajectory/store';
import { ENDLESS_START, endlessEvent } from './endless-run';

const [, , storeDir, progressFile] = process.argv;
if (!storeDir || !progressFile) throw new Error('usage: record-until-killed STORE_DIR PROGRESS_FILE');

const recorder = new TrajectoryRecorder({ store: new TrajectoryStore(storeDir), consent: 'local', redactor: new Redactor({ homeDir: null }) });
recorder.handle(ENDLESS_START);
const progress = openSync(progressFile, 'a');
process.stdout.write('ready\n', () => {
  for (let n = 1; ; n++) {
    recorder.handle(endlessEvent(n));
    writeSync(progress, `${n}\n`);
  }
});
