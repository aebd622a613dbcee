// Live reload of the preview server: reloads on rebuilt pages, swaps stylesheets in place,
// and shows a broken edit's error over the page until it is fixed. Never shipped in a build.
(() => {
  // The page shown, so that a rebuild renders it before telling the browser to reload.
  const source = new EventSource(`/__portal/events?page=${encodeURIComponent(location.pathname)}`);
  const overlayId = 'portal-build-error';
  const clear = () => document.getElementById(overlayId)?.remove();
  source.addEventListener('reload', () => location.reload());
  source.addEventListener('css', () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set('reload', Date.now());
      link.href = url.toString();
    }
    clear();
  });
  // Not 'error': that name is EventSource's own connection-error event.
  source.addEventListener('build-error', (message) => {
    const report = JSON.parse(message.data);
    clear();
    const box = document.createElement('div');
    box.id = overlayId;
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;' +
      'background:#2b0000;color:#fff;font:14px/1.5 monospace;padding:1rem 1.25rem;border-top:4px solid #ff6b6b';
    const title = document.createElement('strong');
    title.textContent = `portal: the last edit is broken (${report.errors.length} problem(s)); the last good page is shown.`;
    box.append(title, ' ');
    const editors = document.createElement('a');
    editors.href = '/__portal/';
    editors.textContent = 'What needs attention';
    editors.style.color = '#ffd7d7';
    box.append(editors);
    for (const error of report.errors) {
      const line = document.createElement('pre');
      line.style.cssText = 'white-space:pre-wrap;margin:.5rem 0 0';
      const where = error.file ? `${error.file}${error.line ? `:${error.line}:${error.column}` : ''}: ` : '';
      line.textContent = where + error.message;
      box.append(line);
    }
    document.body.append(box);
  });
})();
