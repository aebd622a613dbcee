// Filters the timeline in place: the filter links lead to filtered pages of their own, so
// without JavaScript they still work; with it, a click hides what does not match, keeps the
// address of the filtered page, and the back button returns to the previous filter.
const nav = document.querySelector('[data-timeline-filters]');
const list = document.getElementById('timeline');
if (nav && list) {
  const links = [...nav.querySelectorAll('a')];
  const apply = (link) => {
    const { kind, organ } = link.dataset;
    for (const item of list.querySelectorAll('li[data-kind]')) {
      const organs = item.dataset.organs.split(' ');
      item.hidden = (kind && item.dataset.kind !== kind) || (organ && !organs.includes(organ));
    }
    for (const year of list.querySelectorAll('.timeline-year')) {
      year.hidden = !year.querySelector('li[data-kind]:not([hidden])');
    }
    for (const other of links) {
      if (other === link) other.setAttribute('aria-current', 'page');
      else other.removeAttribute('aria-current');
    }
  };
  const byPath = (path) => links.find((link) => new URL(link.href).pathname === path);
  for (const link of links) {
    link.addEventListener('click', (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      apply(link);
      history.pushState(null, '', link.href);
    });
  }
  window.addEventListener('popstate', () => {
    const link = byPath(location.pathname);
    if (link) apply(link);
  });
}
