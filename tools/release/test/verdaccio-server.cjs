// Child process of test/verdaccio.ts: a real verdaccio on 127.0.0.1, on a port the
// OS picks, announced on stdout as `listening <port>`. Exits on SIGTERM.
const { runServer } = require('verdaccio');

runServer(process.argv[2]).then(
  (app) => {
    const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
    process.on('SIGTERM', () => server.close(() => process.exit(0)));
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
