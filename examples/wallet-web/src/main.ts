/**
 * The wallet page: wires index.html to {@link createWallet}. The endpoint and genesis key come from the form, which
 * the query string (`?aggregator=…&genesis-key=…`) can fill in.
 */
import { openIndexedDbCache } from './cache.js';
import { createWallet, describeSignedEntity, type ArtifactGroup, type ChainProgress, type Failure, type Wallet } from './wallet.js';

const $ = <T extends Element>(selector: string): T => document.querySelector<T>(selector)!;
const connectForm = $<HTMLFormElement>('#connect');
const certifyForm = $<HTMLFormElement>('#certify');
const chainStatus = $<HTMLParagraphElement>('#chain-status');
const chainProgress = $<HTMLProgressElement>('#chain-progress');
const chainLog = $<HTMLOListElement>('#chain-log');
const txStatus = $<HTMLParagraphElement>('#tx-status');
const cacheStatus = $<HTMLSpanElement>('#cache-status');

const cache = openIndexedDbCache();
let wallet: Wallet | undefined;

const query = new URLSearchParams(window.location.search);
for (const name of ['aggregator', 'genesis-key'] as const) {
  const value = query.get(name);
  if (value !== null) connectForm.querySelector<HTMLInputElement>(`input[name=${name}]`)!.value = value;
}

function element(tag: string, text: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

function row(cells: string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const cell of cells) tr.append(element('td', cell));
  return tr;
}

function describeFailure(f: Failure): string {
  return `${f.code}: ${f.message}${f.docsPath === undefined ? '' : ` (see ${f.docsPath})`}`;
}

/** Sets a status line's text and its state (`running`, `verified`, `certified`, `not-certified`, `failed`). */
function status(node: HTMLElement, state: string, text: string): void {
  node.dataset['state'] = state;
  node.textContent = text;
}

async function showCacheSize(): Promise<void> {
  cacheStatus.textContent = `IndexedDB cache: ${(await cache.getKeys()).length} entries`;
}

/** Progress handler: one log line per certificate, and a running count in `node`. */
function progressInto(node: HTMLElement, verb: string): (progress: ChainProgress) => void {
  return (progress) => {
    const epoch = progress.epoch === undefined ? '' : ` (epoch ${progress.epoch})`;
    chainLog.append(element('li', `${progress.cached ? 'from cache' : 'verified'} ${progress.hash}${epoch}`));
    if (progress.fraction !== undefined) {
      chainProgress.max = 1;
      chainProgress.value = progress.fraction;
    }
    status(node, 'running', `${verb}… ${progress.validated} certificates verified, ${progress.fromCache} from the cache`);
  };
}

function renderArtifacts(groups: readonly ArtifactGroup[]): void {
  const root = $<HTMLDivElement>('#artifacts');
  root.replaceChildren();
  for (const group of groups) {
    const section = document.createElement('section');
    section.className = 'artifact-group';
    const rows = group.rows;
    section.append(element('h3', `${group.title} (${'ok' in rows ? 'unavailable' : rows.length})`));
    if ('ok' in rows) {
      section.append(element('p', describeFailure(rows), 'failed'));
    } else {
      const body = document.createElement('tbody');
      for (const a of rows.slice(0, 5)) body.append(row([a.hash.slice(0, 16), a.detail, a.certificateHash.slice(0, 16)]));
      const table = document.createElement('table');
      table.append(body);
      section.append(table);
    }
    root.append(section);
  }
}

async function connect(): Promise<void> {
  const data = new FormData(connectForm);
  chainLog.replaceChildren();
  $<HTMLTableSectionElement>('#certificates tbody').replaceChildren();
  $<HTMLDivElement>('#artifacts').replaceChildren();
  certifyForm.querySelector('button')!.disabled = true;
  chainProgress.removeAttribute('value');
  status(chainStatus, 'running', 'listing…');
  try {
    wallet = createWallet({
      aggregatorEndpoint: String(data.get('aggregator')).trim(),
      genesisVerificationKey: String(data.get('genesis-key')).trim(),
      cache,
    });
  } catch (error) {
    status(chainStatus, 'failed', `✘ ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const overview = await wallet.overview();
  if ('ok' in overview) {
    status(chainStatus, 'failed', `✘ ${describeFailure(overview)}`);
    chainProgress.value = 0;
    return;
  }
  const tbody = $<HTMLTableSectionElement>('#certificates tbody');
  for (const c of overview.certificates) tbody.append(row([c.hash, String(c.epoch), describeSignedEntity(c.signedEntityType)]));
  $<HTMLElement>('#certificates-count').textContent = String(overview.certificates.length);
  renderArtifacts(overview.artifacts);

  status(chainStatus, 'running', 'verifying…');
  const chain = await wallet.verifyLatestChain(progressInto(chainStatus, 'verifying'));
  chainProgress.max = 1;
  chainProgress.value = chain.ok ? 1 : 0;
  if (chain.ok) {
    status(
      chainStatus,
      'verified',
      `✔ chain verified from ${chain.tip} (epoch ${chain.tipEpoch}) to genesis ${chain.genesis}: ${chain.validated} certificates verified, ${chain.fromCache} from the cache`,
    );
    certifyForm.querySelector('button')!.disabled = false;
  } else {
    status(chainStatus, 'failed', `✘ chain verification failed: ${describeFailure(chain)}`);
  }
  await showCacheSize();
}

async function certify(): Promise<void> {
  if (wallet === undefined) return;
  const hash = String(new FormData(certifyForm).get('transaction-hash'));
  chainLog.replaceChildren();
  status(txStatus, 'running', 'certifying…');
  const outcome = await wallet.certifyTransaction(hash, progressInto(txStatus, 'certifying'));
  if (!outcome.ok) status(txStatus, 'failed', `✘ ${describeFailure(outcome)}`);
  else if (!outcome.certified) status(txStatus, 'not-certified', `✘ not certified: ${outcome.hash}`);
  else {
    chainProgress.value = 1;
    status(
      txStatus,
      'certified',
      `✔ certified: ${outcome.hash} by certificate ${outcome.certificateHash} (proof up to block ${outcome.latestBlockNumber})`,
    );
  }
  await showCacheSize();
}

/** Runs a handler; anything it throws that is not a Mithril error lands in `node` instead of the console. */
function guarded(node: HTMLElement, handler: () => Promise<void>): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    handler().catch((error: unknown) => status(node, 'failed', `✘ unexpected error: ${String(error)}`));
  };
}

connectForm.addEventListener('submit', guarded(chainStatus, connect));
certifyForm.addEventListener('submit', guarded(txStatus, certify));
$<HTMLButtonElement>('#clear-cache').addEventListener(
  'click',
  guarded(cacheStatus, async () => {
    await cache.clear();
    await showCacheSize();
  }),
);
void showCacheSize();
