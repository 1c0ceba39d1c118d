// The widget front end of the browser test: the real ipywidgets 8 widget manager
// (@jupyter-widgets/html-manager), connected to a live kernel through a Jupyter server
// with @jupyterlab/services, as ipywidgets' own examples/web3 does. No published class
// does this by itself: HTMLManager renders saved state only, so WidgetManager below
// gives it the kernel's comms. run_test.py drives the page and reads window.test.

// The manager itself, not the package index: the index loads libembed, which needs
// webpack's __webpack_public_path__. Its CSS is imported here instead.
import { HTMLManager } from '@jupyter-widgets/html-manager/lib/htmlmanager';
import * as base from '@jupyter-widgets/base';
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import '@fortawesome/fontawesome-free/css/all.min.css';
import '@fortawesome/fontawesome-free/css/v4-shims.min.css';
import '@lumino/widgets/style/index.css';
import '@jupyter-widgets/controls/css/widgets-base.css';

const VIEW = 'application/vnd.jupyter.widget-view+json';

class WidgetManager extends HTMLManager {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, async (comm, msg) => {
      await this.handle_comm_open(new base.shims.services.Comm(comm), msg);
    });
  }

  async _create_comm(target, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(target, modelId);
    if (data || metadata) {
      comm.open(data, metadata, buffers);
    }
    return new base.shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.comms;
  }
}

// window.test is what the driver reads: the phase reached, and any error.
const test = (window.test = { phase: 'loading', error: null, log: [] });
const fail = (e) => {
  test.error = String((e && e.stack) || e);
  test.phase = 'failed';
};
window.addEventListener('error', (e) => test.log.push('error: ' + e.message));
window.addEventListener('unhandledrejection', (e) => test.log.push('rejection: ' + e.reason));

// run executes code in the kernel and shows every widget view it displays in el.
async function run(kernel, manager, code, el) {
  const future = kernel.requestExecute({ code, store_history: true });
  const shown = [];
  future.onIOPub = (msg) => {
    const t = msg.header.msg_type;
    if ((t === 'execute_result' || t === 'display_data') && msg.content.data[VIEW]) {
      shown.push(msg.content.data[VIEW].model_id);
    } else if (t === 'error') {
      test.log.push('cell error: ' + msg.content.ename + ': ' + msg.content.evalue);
    }
  };
  const reply = await future.done;
  if (reply.content.status !== 'ok') {
    throw new Error('cell failed: ' + reply.content.ename + ': ' + reply.content.evalue);
  }
  for (const id of shown) {
    const model = await manager.get_model(id);
    await manager.display_view(manager.create_view(model), el);
  }
  return shown;
}

async function main() {
  const params = new URLSearchParams(location.search);
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: location.origin + '/',
    wsUrl: location.origin.replace(/^http/, 'ws') + '/',
    token: params.get('token') || '',
  });
  test.phase = 'starting kernel';
  const kernels = new KernelManager({ serverSettings });
  const kernel = await kernels.startNew({ name: params.get('kernel') || 'descent' });
  window.kernel = kernel;
  const manager = new WidgetManager(kernel);
  const el = document.getElementById('cell');
  // The driver runs more code (a change made by the kernel) through this.
  window.runCode = (code) => run(kernel, manager, code, el);
  test.phase = 'running cell';
  test.shown = await run(kernel, manager, params.get('code'), el);
  test.phase = 'shown';
}

// showSaved draws a widget from a notebook's saved widget state, with no kernel: what a
// front end shows for a notebook that kernel run executed.
window.showSaved = async (state, modelId) => {
  const manager = new HTMLManager();
  await manager.set_state(state);
  const el = document.getElementById('cell');
  el.innerHTML = '';
  await manager.display_view(manager.create_view(await manager.get_model(modelId)), el);
  return true;
};

main().catch(fail);
