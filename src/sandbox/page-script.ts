/**
 * The sandbox page's browser script (plain JavaScript, sent inline). It polls /api/state for the person chosen,
 * renders Slack's Block Kit (header, section with fields and accessory, context, divider, actions, input) and mrkdwn
 * (escaped first: alert text is the sender's), keeps what the person typed in a modal across refreshes, and sends
 * every click to the page's API, which turns it into the signed request Slack or GitHub would send.
 */
export const SANDBOX_PAGE_SCRIPT = String.raw`
'use strict';
const $ = (id) => document.getElementById(id);
const NAMES = { U0ALICE001: 'Alice', U0BOB00001: 'Bob', U0CAROL001: 'Carol', U0FALCOBOT: 'falco-triage' };
let me = localStorage.getItem('sandbox-person') || 'U0ALICE001';
let tab = 'channel';
let last = null;
let shownModal = '';
const drafts = {};

function esc(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
const EMOJI = { large_yellow_circle: '🟡', large_orange_circle: '🟠', red_circle: '🔴', large_blue_circle: '🔵', white_circle: '⚪', black_circle: '⚫', eyes: '👀', mute: '🔇', rocket: '🚀', warning: '⚠️', x: '❌', white_check_mark: '✅', hourglass_flowing_sand: '⏳', arrow_heading_up: '⤴️', twisted_rightwards_arrows: '🔀', no_entry_sign: '🚫', zzz: '💤', wastebasket: '🗑️', broom: '🧹', leftwards_arrow_with_hook: '↩️', arrow_up: '⬆️', arrow_down: '⬇️', rotating_light: '🚨', bell: '🔔', lock: '🔒', mag: '🔍', pushpin: '📌', heavy_check_mark: '✔️', information_source: 'ℹ️', memo: '📝', speech_balloon: '💬' };
function emoji(text) { return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] || whole); }
function unslack(text) { return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'); }
function format(html) {
  return html
    .replace(/\x60([^\x60\n]+)\x60/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>')
    .replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>')
    .replace(/\n/g, '<br>');
}
function markup(inner) {
  const [target, label] = inner.split('|');
  if (target.startsWith('@')) return '<b>@' + esc(NAMES[target.slice(1)] || target.slice(1)) + '</b>';
  if (target.startsWith('#')) return '<b>#' + esc(label || 'falco-alerts') + '</b>';
  if (target.startsWith('!date')) return esc(label || '');
  if (target.startsWith('!')) return '<b>@' + esc(target.slice(1)) + '</b>';
  if (/^https?:\/\//.test(target)) return '<a target="_blank" rel="noopener" href="' + esc(target) + '">' + esc(unslack(label || target)) + '</a>';
  return esc(unslack(label || target));
}
function mrkdwn(text) {
  const parts = String(text).split(/\x60\x60\x60/);
  return parts.map((part, index) => {
    if (index % 2 === 1) return '<pre>' + esc(unslack(part)) + '</pre>';
    return part.split(/(<[^<>]*>)/).map((piece) =>
      piece.startsWith('<') && piece.endsWith('>') ? markup(piece.slice(1, -1)) : format(esc(unslack(piece)))).join('');
  }).join('');
}
function textOf(t) { return !t ? '' : t.type === 'mrkdwn' ? mrkdwn(emoji(t.text)) : esc(t.emoji === false ? t.text : emoji(t.text)); }

async function api(path, body) {
  const response = await fetch('/api/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) console.warn(path, answer);
  setTimeout(refresh, 150);
  return answer;
}

function button(el, onClick) {
  const b = document.createElement('button');
  b.className = 'sb' + (el.style ? ' ' + el.style : '');
  b.textContent = el.text ? el.text.text : 'Button';
  b.dataset.actionId = el.action_id || '';
  if (el.url) { b.onclick = () => window.open(el.url, '_blank'); return b; }
  b.onclick = () => { b.disabled = true; onClick(el, el.value === undefined ? null : null); };
  return b;
}

function optionLabel(option) { return option.text ? option.text.text : option.value; }
function inputElement(block, el, ctx) {
  const key = ctx.viewId + '/' + block.block_id + '/' + el.action_id;
  const wrap = document.createElement('div');
  const remember = (value) => { drafts[key] = value; if (ctx.viewId && (block.dispatch_action || block.type === 'actions')) api('viewClick', { user: me, viewId: ctx.viewId, actionId: el.action_id, blockId: block.block_id, input: value }); };
  const initial = drafts[key];
  if (el.type === 'plain_text_input') {
    const input = document.createElement(el.multiline ? 'textarea' : 'input');
    if (!el.multiline) input.type = 'text';
    input.value = initial !== undefined ? initial : (el.initial_value || '');
    input.placeholder = el.placeholder ? el.placeholder.text : '';
    input.dataset.actionId = el.action_id;
    input.oninput = () => { drafts[key] = input.value; };
    if (block.dispatch_action) input.onchange = () => remember(input.value);
    wrap.append(input);
  } else if (el.type === 'radio_buttons' || el.type === 'checkboxes') {
    const multi = el.type === 'checkboxes';
    const chosen = initial !== undefined ? initial : multi ? (el.initial_options || []).map((o) => o.value) : el.initial_option ? el.initial_option.value : null;
    for (const option of el.options || []) {
      const label = document.createElement('label');
      label.style.display = 'block';
      const box = document.createElement('input');
      box.type = multi ? 'checkbox' : 'radio';
      box.name = key;
      box.value = option.value;
      box.checked = multi ? (chosen || []).includes(option.value) : chosen === option.value;
      box.onchange = () => {
        const value = multi ? [...wrap.querySelectorAll('input:checked')].map((i) => i.value) : option.value;
        remember(value);
      };
      label.append(box, ' ');
      label.insertAdjacentHTML('beforeend', textOf(option.text) + (option.description ? ' <span class="block-context">' + textOf(option.description) + '</span>' : ''));
      wrap.append(label);
    }
  } else if (el.type === 'static_select' || el.type === 'users_select') {
    const select = document.createElement('select');
    const options = el.type === 'users_select' ? Object.entries(NAMES).map(([value, name]) => ({ value, text: { text: name } })) : (el.options || (el.option_groups || []).flatMap((g) => g.options));
    select.append(new Option('—', ''));
    for (const option of options) select.append(new Option(optionLabel(option), option.value));
    select.value = initial !== undefined ? initial || '' : el.initial_option ? el.initial_option.value : el.initial_user || '';
    select.onchange = () => remember(select.value || null);
    wrap.append(select);
  } else if (el.type === 'datepicker') {
    const input = document.createElement('input');
    input.type = 'date';
    input.value = initial !== undefined ? initial || '' : el.initial_date || '';
    input.onchange = () => { drafts[key] = input.value || null; };
    wrap.append(input);
  } else {
    wrap.textContent = '[' + el.type + ']';
  }
  return wrap;
}

function renderBlocks(blocks, ctx) {
  const root = document.createElement('div');
  for (const block of blocks || []) {
    const div = document.createElement('div');
    div.className = 'block-' + block.type;
    if (block.type === 'header') div.innerHTML = textOf(block.text);
    else if (block.type === 'divider') div.innerHTML = '<hr>';
    else if (block.type === 'section') {
      if (block.text) div.innerHTML = '<div>' + textOf(block.text) + '</div>';
      if (block.fields) div.insertAdjacentHTML('beforeend', '<div class="fields">' + block.fields.map((f) => '<div>' + textOf(f) + '</div>').join('') + '</div>');
      if (block.accessory && block.accessory.type === 'button') div.append(button(block.accessory, (el) => ctx.click(block, el)));
    } else if (block.type === 'context') {
      div.innerHTML = (block.elements || []).map((e) => e.type === 'image' ? '' : textOf(e)).join(' ');
    } else if (block.type === 'actions') {
      for (const el of block.elements || []) {
        if (el.type === 'button') div.append(button(el, (e) => ctx.click(block, e)));
        else if (ctx.viewId) div.append(inputElement(block, el, ctx));
      }
    } else if (block.type === 'input') {
      div.className = 'input';
      div.innerHTML = '<label class="title">' + esc(block.label ? block.label.text : '') + (block.optional ? ' <span class="block-context">(optional)</span>' : '') + '</label>';
      div.append(inputElement(block, block.element, ctx));
      if (block.hint) div.insertAdjacentHTML('beforeend', '<div class="block-context">' + textOf(block.hint) + '</div>');
      const error = ctx.errors && ctx.errors[block.block_id];
      if (error) div.insertAdjacentHTML('beforeend', '<div class="error">' + esc(error) + '</div>');
    } else if (block.type === 'rich_text') {
      div.textContent = JSON.stringify(block.elements).replace(/"text":"([^"]*)"/g, '$1').slice(0, 500);
    }
    root.append(div);
  }
  return root;
}

function messageNode(m, replies) {
  const node = document.createElement('div');
  node.className = 'msg';
  node.dataset.ts = m.ts;
  node.innerHTML = '<div class="author">' + esc(m.userName) + '</div>';
  const click = (block, el) => api('click', { user: me, ts: m.ts, actionId: el.action_id, blockId: block.block_id });
  node.append(m.blocks ? renderBlocks(m.blocks, { click }) : Object.assign(document.createElement('div'), { innerHTML: mrkdwn(m.text) }));
  if (!m.ephemeral && m.blocks && JSON.stringify(m.blocks).includes('alert_actions:')) node.append(reactionBar(m));
  if (replies.length > 0) {
    const thread = document.createElement('div');
    thread.className = 'thread';
    for (const r of replies) thread.append(r.ephemeral ? ephemeralNode(r) : messageNode(r, []));
    node.append(thread);
  }
  return node;
}
const REACTIONS = [['eyes', '👀'], ['white_check_mark', '✅'], ['rotating_light', '🚨']];
function reactionBar(m) {
  const bar = document.createElement('div');
  bar.className = 'block-actions reactions';
  const mine = new Map((m.reactions || []).map((r) => [r.name, r.users]));
  for (const [name, glyph] of REACTIONS) {
    const users = mine.get(name) || [];
    const b = document.createElement('button');
    b.className = 'sb' + (users.includes(me) ? ' primary' : '');
    b.dataset.reaction = name;
    b.title = ':' + name + ':' + (users.length ? ' by ' + users.map((u) => NAMES[u] || u).join(', ') : '');
    b.textContent = glyph + ' ' + (users.length || '');
    b.onclick = () => api('react', { user: me, ts: m.ts, reaction: name, remove: users.includes(me) });
    bar.append(b);
  }
  for (const [name, users] of mine) {
    if (REACTIONS.some(([known]) => known === name)) continue;
    const span = document.createElement('span');
    span.className = 'block-context';
    span.textContent = ':' + name + ': ' + users.map((u) => NAMES[u] || u).join(', ');
    bar.append(span);
  }
  return bar;
}
function ephemeralNode(e) {
  const node = document.createElement('div');
  node.className = 'ephemeral';
  node.dataset.ts = e.ts;
  node.innerHTML = '<div class="only">Only visible to you</div>';
  const click = (block, el) => api('click', { user: me, ts: e.ts, actionId: el.action_id, blockId: block.block_id });
  node.append(e.blocks ? renderBlocks(e.blocks, { click }) : Object.assign(document.createElement('div'), { innerHTML: mrkdwn(e.text) }));
  return node;
}

function renderChannel(s) {
  const root = $('channel');
  root.innerHTML = '';
  for (const m of s.messages) {
    const replies = m.replies.concat(s.ephemerals.filter((e) => e.threadTs === m.ts).map((e) => Object.assign({ ephemeral: true }, e)));
    replies.sort((a, b) => Number(a.ts) - Number(b.ts));
    root.append(messageNode(m, replies));
  }
  for (const e of s.ephemerals.filter((x) => !x.threadTs)) root.append(ephemeralNode(e));
  if (s.messages.length === 0) root.innerHTML = '<p class="block-context">No alerts yet: send one with the buttons above.</p>';
}

function renderHome(s) {
  const root = $('home');
  root.innerHTML = '';
  if (!s.home) { root.innerHTML = '<p class="block-context">Opening App Home…</p>'; return; }
  root.append(renderBlocks(s.home.blocks, { click: (block, el) => api('homeClick', { user: me, actionId: el.action_id, blockId: block.block_id }) }));
}

function renderModal(s) {
  const back = $('modal-back');
  if (!s.modal) { back.style.display = 'none'; shownModal = ''; return; }
  const signature = JSON.stringify([s.modal.id, s.modal.definition, s.modal.errors]);
  if (signature === shownModal) return;
  shownModal = signature;
  const def = s.modal.definition;
  const box = $('modal');
  box.innerHTML = '<h3>' + esc(def.title ? def.title.text : '') + '</h3>';
  const ctx = { viewId: s.modal.id, errors: s.modal.errors,
    click: (block, el) => api('viewClick', { user: me, viewId: s.modal.id, actionId: el.action_id, blockId: block.block_id }) };
  box.append(renderBlocks(def.blocks, ctx));
  const bar = document.createElement('div');
  bar.className = 'block-actions';
  const close = button({ text: { text: def.close ? def.close.text : 'Close' } }, () => api('close', { user: me, viewId: s.modal.id }));
  bar.append(close);
  if (def.submit) {
    const submit = button({ text: def.submit, style: 'primary', action_id: 'submit' }, () => {
      const values = {};
      for (const block of def.blocks || []) {
        if (block.type !== 'input') continue;
        const el = block.element;
        const key = s.modal.id + '/' + block.block_id + '/' + el.action_id;
        let value = drafts[key];
        if (value === undefined) value = el.initial_value !== undefined ? el.initial_value : el.initial_option ? el.initial_option.value : el.initial_options ? el.initial_options.map((o) => o.value) : el.initial_date || null;
        values[block.block_id] = { [el.action_id]: value };
      }
      api('submit', { user: me, viewId: s.modal.id, values });
    });
    submit.id = 'modal-submit';
    bar.append(submit);
  }
  box.append(bar);
  back.style.display = 'flex';
}

function markdown(text) {
  return String(text || '').split(/\x60\x60\x60[a-z]*\n?/).map((part, index) => index % 2 === 1 ? '<pre>' + esc(part) + '</pre>'
    : esc(part).replace(/^### (.*)$/gm, '<h4>$1</h4>').replace(/^## (.*)$/gm, '<h3>$1</h3>').replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
      .replace(/\x60([^\x60]+)\x60/g, '<code>$1</code>').replace(/\n/g, '<br>')).join('');
}

function renderPulls(s) {
  const root = $('pulls');
  root.innerHTML = s.pulls.length === 0 ? '<p class="block-context">No pull requests yet: approve an exception in Slack.</p>' : '';
  for (const pull of s.pulls.slice().reverse()) {
    const node = document.createElement('div');
    node.className = 'pull';
    node.dataset.number = pull.number;
    const state = pull.merged ? 'merged' : pull.state;
    node.innerHTML = '<div><span class="badge ' + state + '">' + state + '</span> <b>#' + pull.number + ' ' + esc(pull.title) + '</b> <span class="block-context">' + esc(pull.head.ref) + ' → ' + esc(pull.base.ref) + '</span></div>' +
      '<details><summary>Description</summary><div>' + markdown(pull.body) + '</div></details>' +
      '<details open><summary>Files changed</summary><pre class="diff">' + pull.diff.split('\n').map((line) => '<span class="' + (line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : '') + '">' + esc(line) + '</span>').join('\n') + '</pre></details>';
    const bar = document.createElement('div');
    bar.className = 'block-actions';
    if (pull.state === 'open') {
      const merge = button({ text: { text: 'Merge pull request' }, style: 'primary' }, () => api('merge', { number: pull.number }));
      merge.id = 'merge-' + pull.number;
      bar.append(merge);
    }
    for (const run of s.runs.filter((r) => r.headSha === pull.mergeCommitSha)) {
      const line = document.createElement('span');
      line.className = 'block-context';
      line.textContent = 'Deploy run #' + run.runNumber + ': ' + (run.conclusion || run.status);
      bar.append(line);
      if (run.status !== 'completed') {
        const ok = button({ text: { text: 'Deploy succeeds' }, style: 'primary' }, () => api('deploy', { runId: run.id, conclusion: 'success' }));
        ok.id = 'deploy-ok-' + pull.number;
        const fail = button({ text: { text: 'Deploy fails' }, style: 'danger' }, () => api('deploy', { runId: run.id, conclusion: 'failure' }));
        bar.append(ok, fail);
      }
    }
    node.append(bar);
    root.append(node);
  }
}

async function refresh() {
  const response = await fetch('/api/state?user=' + encodeURIComponent(me));
  if (!response.ok) return;
  const s = await response.json();
  const text = JSON.stringify([s.messages, s.ephemerals, s.home, s.pulls, s.runs, tab]);
  if (text !== last) {
    last = text;
    renderChannel(s);
    renderHome(s);
    renderPulls(s);
  }
  renderModal(s);
}

$('person').value = me;
$('person').onchange = () => { me = $('person').value; localStorage.setItem('sandbox-person', me); last = null; shownModal = ''; if (tab === 'home') api('home', { user: me }); refresh(); };
for (const b of document.querySelectorAll('[data-sample]')) b.onclick = () => api('alerts', { sample: b.dataset.sample });
$('command').onsubmit = (event) => { event.preventDefault(); const text = $('command-text').value.replace(/^\/falco\s*/, ''); $('command-text').value = ''; api('command', { user: me, text }); };
$('tab-channel').onclick = () => { tab = 'channel'; $('channel').hidden = false; $('home').hidden = true; };
$('tab-home').onclick = () => { tab = 'home'; $('channel').hidden = true; $('home').hidden = false; api('home', { user: me }); };
refresh();
setInterval(refresh, 700);
`;
