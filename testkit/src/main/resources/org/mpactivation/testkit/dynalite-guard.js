// Preloaded into dynalite's process by the test kit. Dynalite's HTTP server throws on a request that
// its client aborted mid-body ("aborted", ECONNRESET), and the uncaught error ends the process: one
// client timeout or interrupted thread would take the database down for every other test. Real
// DynamoDB survives an aborted request, so this logs it and keeps serving; any other uncaught error
// still ends the process, as before.
'use strict';
process.on('uncaughtException', (error) => {
  if (error && (error.code === 'ECONNRESET' || error.message === 'aborted')) {
    console.error('a client aborted a request: ' + error.message);
    return;
  }
  console.error(error);
  process.exit(1);
});
