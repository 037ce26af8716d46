/**
 * The sandbox page: a Slack-like channel with threads, ephemeral answers and modals rendered from the Block Kit the
 * bot really sent, App Home, the /falco box, and the rules repository (pull requests with body and diff, Merge, the
 * deploy run). One file, no build step: the script is plain browser JavaScript (page-script.ts).
 */
import { SANDBOX_PAGE_SCRIPT } from './page-script.js';

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1c1d; background: #f8f8f8; }
header { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; padding: 10px 16px; background: #3f0e40; color: #fff; }
header h1 { font-size: 16px; margin: 0 12px 0 0; }
header select, header button, header input { font: inherit; padding: 4px 8px; border-radius: 4px; border: 1px solid #ccc; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; padding: 16px; }
section.panel { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 12px 16px; min-height: 200px; }
section.panel h2 { font-size: 15px; margin: 0 0 8px; }
.msg { border-top: 1px solid #eee; padding: 10px 0; }
.author { font-weight: 700; }
.thread { margin: 6px 0 0 24px; border-left: 3px solid #e8e8e8; padding-left: 10px; }
.ephemeral { background: #f4f8fd; border: 1px dashed #9ab; border-radius: 6px; padding: 6px 8px; margin: 6px 0; }
.ephemeral .only { color: #667; font-size: 12px; }
.block-header { font-size: 16px; font-weight: 700; margin: 4px 0; }
.block-section { margin: 4px 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin: 4px 0; }
.block-context { color: #616061; font-size: 12px; margin: 4px 0; }
.block-actions { display: flex; gap: 8px; flex-wrap: wrap; margin: 6px 0; }
button.sb { background: #fff; border: 1px solid #bbb; border-radius: 4px; padding: 4px 12px; cursor: pointer; font: inherit; font-weight: 600; }
button.sb.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
button.sb.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
code { background: #f2f2f2; border: 1px solid #e2e2e2; border-radius: 3px; padding: 0 3px; font-size: 12px; color: #c01343; }
pre { background: #f6f6f6; border: 1px solid #e2e2e2; border-radius: 4px; padding: 8px; overflow: auto; font-size: 12px; }
blockquote { border-left: 4px solid #ddd; margin: 4px 0; padding-left: 8px; color: #555; }
.diff .add { color: #116329; background: #dafbe1; } .diff .del { color: #82071e; background: #ffebe9; }
.pull { border-top: 1px solid #eee; padding: 8px 0; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; background: #1f883d; }
.badge.merged { background: #8250df; } .badge.closed { background: #cf222e; }
#modal-back { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: none; align-items: flex-start; justify-content: center; padding-top: 40px; z-index: 10; }
#modal { background: #fff; width: min(640px, 94vw); max-height: 86vh; overflow: auto; border-radius: 8px; padding: 16px 20px; }
#modal h3 { margin: 0 0 8px; }
.input { margin: 10px 0; } .input label.title { font-weight: 700; display: block; margin-bottom: 4px; }
.input textarea, .input input[type=text], .input select { width: 100%; font: inherit; padding: 6px; border: 1px solid #bbb; border-radius: 4px; }
.error { color: #e01e5a; font-size: 12px; }
.tabs button { margin-right: 6px; }
`;

export const SANDBOX_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>falco-triage sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<header>
  <h1>falco-triage sandbox</h1>
  <label>You are <select id="person">
    <option value="U0ALICE001">Alice (on call)</option>
    <option value="U0BOB00001">Bob (approver)</option>
    <option value="U0CAROL001">Carol (approver)</option>
  </select></label>
  <button data-sample="titanagent">Send the titanagent alert</button>
  <button data-sample="storm">Send a storm</button>
  <button data-sample="mixed">Send alerts of several rules</button>
  <form id="command"><input id="command-text" size="40" placeholder="/falco status, /falco explain …"> <button>Send</button></form>
</header>
<main>
  <section class="panel" id="slack">
    <div class="tabs"><button id="tab-channel" class="sb">#falco-alerts</button><button id="tab-home" class="sb">Home</button></div>
    <div id="channel"></div><div id="home" hidden></div>
  </section>
  <section class="panel" id="github"><h2>GitHub: acme/falco-rules</h2><div id="pulls"></div></section>
</main>
<div id="modal-back"><div id="modal"></div></div>
<script>${SANDBOX_PAGE_SCRIPT}</script>
</body></html>`;
