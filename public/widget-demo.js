/*! The sample host page's own script (widget-demo.html). A file, not an inline <script>: the app's
 * Content-Security-Policy runs scripts from this origin only (server/http/csp.ts). Plain ES2020. */
(function () {
  'use strict';

  // The invoice the page shows: `?invoice=<id>` (what the console's record link for type "invoice"
  // opens), else invoice 42. Anything but a short id is ignored, and the id is only ever set as
  // text, so a hostile link cannot put markup or script into the page.
  const INVOICE_ID = /^[A-Za-z0-9-]{1,32}$/;
  const asked = new URLSearchParams(location.search).get('invoice');
  const invoice = asked !== null && INVOICE_ID.test(asked) ? asked : '42';

  document.getElementById('invoice-name').textContent = 'Invoice ' + invoice;
  document.title = 'Invoice ' + invoice + ' · Northwind Billing (a sample host page for the Enclave widget)';

  // The host bridge (docs/widget.md): window.Enclave exists by the page's load event.
  addEventListener('load', function () {
    const enclave = window.Enclave;
    if (!enclave) return;
    enclave.on('unread', function (n) {
      document.getElementById('unread').textContent = 'Unread messages: ' + n;
    });
    document.getElementById('ask').addEventListener('click', function () {
      // Anonymous visitors have only their own conversation (records need a signed identity). The
      // title names the invoice when this click starts that conversation.
      enclave.open({ title: 'Question about invoice ' + invoice });
    });
  });
})();
