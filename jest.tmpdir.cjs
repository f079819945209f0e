// Jest globalSetup: one private temporary directory per Jest run, removed when Jest exits.
// cdktf's Testing.app() and Testing.fullSynth() make a `cdktf.outdir.*` directory in
// os.tmpdir() per call and never remove it (thousands per `npm test`); pointing TMPDIR at a
// directory of our own (workers inherit it) cleans those up, and anything else a test or its
// child processes leave behind.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function privateTmpdir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lq3-jest-'));
  process.env.TMPDIR = dir;
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
};
