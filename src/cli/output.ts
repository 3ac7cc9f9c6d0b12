let listening = false;
let told = false;

/**
 * Writes a command's result on stdout. A stdout that cannot take it (a full disk, a closed pipe) is one line on
 * stderr and exit 1, saying the command itself ran (a created key or organization exists), instead of an
 * unhandled 'error' event printing a stack trace.
 */
export function writeOut(text: string): void {
  if (!listening) {
    listening = true;
    process.stdout.on('error', (error: Error) => {
      if (told) return;
      told = true;
      process.stderr.write(`contactd: the command ran, but its output could not be written: ${error.message}\n`);
      process.exitCode = 1;
    });
  }
  process.stdout.write(text);
}
