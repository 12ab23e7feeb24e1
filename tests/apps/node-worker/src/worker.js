const cron = require('node-cron');
const { sendDigest } = require('./jobs/digest');

const schedule = process.env.DIGEST_SCHEDULE || '* * * * * *';

const task = cron.schedule(schedule, () => {
  const sent = sendDigest();
  console.log(`digest job done: ${sent} messages`);
});

console.log(`digest worker started (${schedule})`);

process.on('SIGTERM', () => {
  task.stop();
  console.log('digest worker stopped');
  process.exit(0);
});
