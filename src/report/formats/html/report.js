// The report's filters: severity, pack, rule and a search over the files list, mirrored in the
// address's # part. The page reads fine without this script; it only hides and opens blocks.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var files = document.getElementById('files');
  var blocks = Array.prototype.slice.call(document.querySelectorAll('#file-list details.file'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('#file-list tr[data-sev]'));
  var output = document.getElementById('shown');

  function fill(select, values) {
    Object.keys(values).sort().forEach(function (value) {
      var option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
  }
  var packs = {};
  var rules = {};
  blocks.forEach(function (block) { packs[block.dataset.pack] = true; });
  rows.forEach(function (row) { rules[row.dataset.rule] = true; });
  fill(form.elements.pack, packs);
  fill(form.elements.rule, rules);

  function severities() {
    var on = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=severity]'), function (box) {
      on[box.value] = box.checked;
    });
    return on;
  }

  function apply() {
    var on = severities();
    var pack = form.elements.pack.value;
    var rule = form.elements.rule.value;
    var q = form.elements.q.value.trim().toLowerCase();
    var narrowed = !!(pack || rule || q) || Object.keys(on).some(function (k) { return !on[k]; });
    var shown = 0;
    blocks.forEach(function (block) {
      var packOk = !pack || block.dataset.pack === pack;
      var path = block.querySelector('summary code').textContent.toLowerCase();
      var pathHit = q && path.indexOf(q) >= 0;
      var visible = 0;
      Array.prototype.forEach.call(block.querySelectorAll('tr[data-sev]'), function (row) {
        var ok = packOk && on[row.dataset.sev] && (!rule || row.dataset.rule === rule) &&
          (!q || pathHit || row.textContent.toLowerCase().indexOf(q) >= 0);
        row.hidden = !ok;
        if (ok) { visible += 1; }
      });
      block.hidden = visible === 0;
      block.open = narrowed && visible > 0;
      shown += visible;
    });
    output.textContent = shown + ' of ' + rows.length + ' findings shown';
    files.dataset.shown = String(shown);
    var params = [];
    var off = Object.keys(on).filter(function (k) { return !on[k]; });
    if (off.length) {
      params.push('severity=' + Object.keys(on).filter(function (k) { return on[k]; }).join(','));
    }
    if (pack) { params.push('pack=' + encodeURIComponent(pack)); }
    if (rule) { params.push('rule=' + encodeURIComponent(rule)); }
    if (q) { params.push('q=' + encodeURIComponent(q)); }
    try {
      history.replaceState(null, '', params.length ? '#' + params.join('&') : location.pathname);
    } catch (e) { /* some file:// contexts refuse; the filter still applies */ }
  }

  function fromAddress() {
    location.hash.replace(/^#/, '').split('&').forEach(function (pair) {
      var at = pair.indexOf('=');
      if (at < 0) { return; }
      var key = pair.slice(0, at);
      var value = decodeURIComponent(pair.slice(at + 1));
      if (key === 'severity') {
        var wanted = value.split(',');
        Array.prototype.forEach.call(form.querySelectorAll('input[name=severity]'), function (box) {
          box.checked = wanted.indexOf(box.value) >= 0;
        });
      } else if (key === 'pack' || key === 'rule') {
        form.elements[key].value = value;
      } else if (key === 'q') {
        form.elements.q.value = value;
      }
    });
  }

  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  fromAddress();
  apply();
  form.hidden = false;
  var root = document.documentElement;
  root.dataset.requests = String(performance.getEntriesByType('resource').length);
  root.dataset.ready = '1';
})();
