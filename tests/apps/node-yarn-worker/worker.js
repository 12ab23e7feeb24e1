// A small queue worker with no port: the reference for the Yarn and worker variants.
//
// It does a unit of work every second and stops cleanly on SIGTERM (the Dockerfile's STOPSIGNAL) or
// SIGINT: the job in hand finishes, no new one starts, then the process exits.
'use strict';

const ms = require('ms');

const started = Date.now();
let jobs = 0;

const timer = setInterval(() => {
  jobs += 1;
  if (jobs % 30 === 1) {
    console.log(`processed ${jobs} jobs in ${ms(Date.now() - started)}`);
  }
}, 1000);

function stop(signal) {
  console.log(`received ${signal}, finishing the current job`);
  clearInterval(timer);
  console.log('worker stopped');
}

process.once('SIGTERM', stop);
process.once('SIGINT', stop);
