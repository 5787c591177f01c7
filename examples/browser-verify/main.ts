/**
 * Entry of the browser bundle: wires the form of index.html to {@link verifyLatestChain}.
 */
import { verifyLatestChain } from './verify.js';

const form = document.querySelector<HTMLFormElement>('#verify')!;
const log = document.querySelector<HTMLOListElement>('#log')!;
const result = document.querySelector<HTMLParagraphElement>('#result')!;

function line(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  log.append(item);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  log.replaceChildren();
  result.textContent = 'verifying…';
  void verifyLatestChain(String(data.get('endpoint')).trim(), String(data.get('genesis-key')).trim(), window.localStorage, line).then(
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
