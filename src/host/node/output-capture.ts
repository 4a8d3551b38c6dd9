// The output path shared by both Node terminals: escapes stripped as the stream arrives,
// live chunks passed on, and only the head and tail kept for the final result.
import { HeadTailBuffer } from '../../util/head-tail';
import { AnsiStreamStripper, normalizeTerminalText } from '../../util/strip-ansi';

export class OutputCapture {
  private readonly stripper = new AnsiStreamStripper();
  private readonly buffer: HeadTailBuffer;

  constructor(maxChars: number, private readonly onOutput?: (chunk: string) => void) {
    this.buffer = new HeadTailBuffer(maxChars);
  }

  push(raw: string): void {
    this.accept(this.stripper.push(raw));
  }

  /** The captured output, plain text with LF line ends; call once the stream has ended. */
  finish(): { output: string; truncated: boolean } {
    this.accept(this.stripper.flush());
    return { output: normalizeTerminalText(this.buffer.toString()), truncated: this.buffer.truncated };
  }

  private accept(text: string): void {
    if (text === '') return;
    this.buffer.push(text);
    this.onOutput?.(text.replace(/\r\n/g, '\n'));
  }
}
