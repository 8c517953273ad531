// The findings table: sorting by a column (the header buttons) and filtering by text, severity and rule.

import { byId, closestTarget, optionalById } from './dom.js';

const SEV_RANK: Readonly<Record<string, number>> = { error: 3, warning: 2, info: 1 };

export interface FindingsTable {
  clearFilters(): void;
  applyFilters(): void;
}

export function setUpFindingsTable(): FindingsTable {
  const table = optionalById('findings-table', HTMLTableElement);
  const tbody = table ? (table.tBodies[0] ?? null) : null;
  const rows = tbody ? Array.from(tbody.rows) : [];
  rows.forEach((r) => {
    r.dataset.search = (r.textContent ?? '').toLowerCase();
  });
  const filterText = byId('finding-filter', HTMLInputElement);
  const filterSev = byId('severity-filter', HTMLSelectElement);
  const filterRule = byId('rule-filter', HTMLSelectElement);
  const countEl = byId('finding-count', HTMLElement);

  function clearFilters(): void {
    filterText.value = '';
    filterSev.value = '';
    filterRule.value = '';
  }

  function applyFilters(): void {
    if (!tbody) return;
    const q = filterText.value.trim().toLowerCase();
    const s = filterSev.value;
    const rl = filterRule.value;
    let shown = 0;
    rows.forEach((r) => {
      const ok = (!q || (r.dataset.search ?? '').indexOf(q) >= 0) && (!s || r.dataset.severity === s) && (!rl || r.dataset.rule === rl);
      r.hidden = !ok;
      if (ok) shown++;
    });
    countEl.textContent = 'Showing ' + shown + ' of ' + rows.length + ' findings';
  }

  if (table && tbody) {
    [filterText, filterSev, filterRule].forEach((c) => c.addEventListener('input', applyFilters));
    table.tHead?.addEventListener('click', (ev) => {
      const b = closestTarget(ev, 'button[data-sort]');
      const th = b?.parentElement;
      if (!b || !th) return;
      const key = b.getAttribute('data-sort') ?? '';
      const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      table.querySelectorAll('th[aria-sort]').forEach((t) => t.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      /** The sort key of a row for this column: a number or a string, the same kind for every row. */
      function val(r: HTMLTableRowElement): number | string {
        if (key === 'severity') return -(SEV_RANK[r.dataset.severity ?? ''] ?? NaN);
        if (key === 'location') return (r.dataset.file ?? '') + '\u0000' + String(1e9 + Number(r.dataset.line));
        if (key === 'index') return Number(r.dataset.index);
        return ((r.querySelector('[data-col=' + key + ']') ?? r).textContent ?? '').toLowerCase();
      }
      const sorted = rows.slice().sort((a, c) => {
        const x = val(a);
        const y = val(c);
        return (x < y ? -1 : x > y ? 1 : Number(a.dataset.index) - Number(c.dataset.index)) * dir;
      });
      sorted.forEach((r) => tbody.appendChild(r));
    });
    applyFilters();
  }

  return { clearFilters, applyFilters };
}
