const subscribers = ['ada@example.com', 'grace@example.com'];

function sendDigest() {
  // A real worker would render and send mail here; the count is what it reports.
  return subscribers.length;
}

module.exports = { sendDigest };
