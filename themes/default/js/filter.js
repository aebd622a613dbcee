// Filters the dated activities by organ; without JavaScript every activity stays listed.
const box = document.querySelector('[data-filter-for]');
if (box) {
  const list = document.getElementById(box.dataset.filterFor);
  const select = box.querySelector('select');
  const count = box.querySelector('.filter-count');
  const apply = () => {
    let shown = 0;
    for (const entry of list.querySelectorAll('li[data-organ]')) {
      const visible = !select.value || entry.dataset.organ === select.value;
      entry.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const year of list.querySelectorAll('section')) {
      year.hidden = !year.querySelector('li[data-organ]:not([hidden])');
    }
    count.textContent = select.value ? `${shown} / ${list.querySelectorAll('li[data-organ]').length}` : '';
  };
  box.hidden = false;
  select.addEventListener('change', apply);
}
