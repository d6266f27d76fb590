/**
 * Operator actions: each asks for confirmation in the page's dialog (`#confirm-dialog`), then runs
 * its command and shows the outcome in `#action-outcome` (role=status), the server's refusal
 * included: the page hides nothing the server would refuse anyway, and says why it refused.
 */
import { element } from './console-dom.js';

/**
 * Asks "title / detail" with Confirm and Cancel; on Confirm runs `run()` (a promise of a result)
 * and reports `describe(result)` or the error. Resolves with the outcome, or undefined when cancelled.
 */
export function confirmAction({ title, detail, run, describe = () => 'done' }) {
  const dialog = element('confirm-dialog');
  element('confirm-title').textContent = title;
  element('confirm-detail').textContent = detail ?? '';
  return new Promise((resolve) => {
    const settle = async (confirmed) => {
      element('confirm-yes').removeEventListener('click', yes);
      element('confirm-no').removeEventListener('click', no);
      dialog.removeEventListener('cancel', no);
      if (dialog.open) dialog.close();
      if (!confirmed) return resolve(undefined);
      const outcome = element('action-outcome');
      outcome.dataset.state = 'running';
      outcome.textContent = `${title}: running…`;
      try {
        const result = await run();
        outcome.dataset.state = 'ok';
        outcome.textContent = `${title}: ${describe(result)}`;
        resolve({ ok: true, result });
      } catch (error) {
        outcome.dataset.state = 'refused';
        outcome.textContent = `${title}: refused (${error.message})`;
        resolve({ ok: false, error });
      }
    };
    const yes = () => settle(true);
    const no = () => settle(false);
    element('confirm-yes').addEventListener('click', yes);
    element('confirm-no').addEventListener('click', no);
    dialog.addEventListener('cancel', no);
    dialog.showModal();
  });
}
