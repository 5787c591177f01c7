/**
 * Entry of the browser bundle: wires the two forms of index.html to {@link verifyLatestChain} and
 * {@link certifyTransaction}. Both use the endpoint and genesis key of the first form.
 */
import { certifyTransaction, verifyLatestChain, type CertifyOutcome } from './verify.js';

const form = document.querySelector<HTMLFormElement>('#verify')!;
const certifyForm = document.querySelector<HTMLFormElement>('#certify')!;
const log = document.querySelector<HTMLOListElement>('#log')!;
const result = document.querySelector<HTMLParagraphElement>('#result')!;
const txResult = document.querySelector<HTMLParagraphElement>('#tx-result')!;

function line(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  log.append(item);
}

/** The endpoint and genesis key currently in the first form. */
function network(): [endpoint: string, genesisKey: string] {
  const data = new FormData(form);
  return [String(data.get('endpoint')).trim(), String(data.get('genesis-key')).trim()];
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  log.replaceChildren();
  result.textContent = 'verifying…';
  void verifyLatestChain(...network(), window.localStorage, line).then(
    (outcome) => {
      result.textContent = outcome.ok
        ? `✔ chain verified from ${outcome.tip} to genesis ${outcome.genesis} (${outcome.validated} verified, ${outcome.fromCache} from cache)`
        : `✘ ${outcome.code}: ${outcome.message}`;
    },
    (error: unknown) => {
      result.textContent = `✘ ${String(error)}`;
    },
  );
});

function describeCertification(outcome: CertifyOutcome): string {
  if (!outcome.ok) return `✘ ${outcome.code}: ${outcome.message}`;
  if (!outcome.certified) return `✘ not certified: ${outcome.transactionHash}`;
  return `✔ certified: ${outcome.transactionHash} by certificate ${outcome.certificateHash} (up to block ${outcome.blockNumber})`;
}

certifyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const hash = String(new FormData(certifyForm).get('transaction-hash'));
  log.replaceChildren();
  txResult.textContent = 'certifying…';
  void certifyTransaction(...network(), window.localStorage, hash, line).then(
    (outcome) => {
      txResult.textContent = describeCertification(outcome);
    },
    (error: unknown) => {
      txResult.textContent = `✘ ${String(error)}`;
    },
  );
});
