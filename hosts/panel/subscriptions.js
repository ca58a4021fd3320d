// A trigger's push subscriptions: each one's target and state, its delivery
// log (attempts, statuses, latencies) and a "Redeliver" action that enables
// it again and sends from where it stopped. Secrets are never listed.

import { element } from './element.js';
import { errorText } from './errortext.js';

export class SubscriptionsView {
  // api(path, {method, body}) answers {status, document}, as the panel's.
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.triggerId = '';
  }

  async show(triggerId) {
    this.triggerId = triggerId;
    const base = this.basePath();
    const { status, document } = await this.api(base);
    const list = this.root.querySelector('.subscription-list');
    list.replaceChildren();
    this.setStatus(status === 200 ? '' : errorText(document, `The subscriptions could not be listed (HTTP ${status}).`));
    if (status !== 200) return;
    if (!document.subscriptions.length) list.append(element('p', { textContent: 'No subscriptions.' }));
    for (const subscription of document.subscriptions) list.append(this.entry(subscription));
  }

  basePath() {
    return `/v1/triggers/${encodeURIComponent(this.triggerId)}/subscriptions`;
  }

  setStatus(text) {
    this.root.querySelector('.subscriptions-status').textContent = text;
  }

  entry(subscription) {
    const item = element('article', { className: 'subscription' });
    item.dataset.subscription = subscription.subscription;
    const state = subscription.state === 'enabled'
      ? 'enabled'
      : `disabled: ${subscription.disabled_reason || 'no reason given'}`;
    item.append(
      element('h3', { textContent: subscription.subscription }),
      element('p', { className: 'subscription-target', textContent: subscription.target_url || 'Not pushed (read as a stream)' }),
      element('p', { className: 'subscription-state', textContent: `State: ${state}; delivered through log id ${subscription.delivered_through}` }));
    const log = element('div', { className: 'delivery-log' });
    const showLog = element('button', { type: 'button', textContent: 'Delivery log' });
    showLog.addEventListener('click', () => this.showDeliveries(subscription.subscription, log));
    const bar = element('div', { className: 'subscription-actions' });
    bar.append(showLog);
    if (subscription.target_url) {
      const redeliver = element('button', { type: 'button', textContent: 'Redeliver' });
      redeliver.addEventListener('click', () => this.redeliver(subscription.subscription));
      bar.append(redeliver);
    }
    item.append(bar, log);
    return item;
  }

  async showDeliveries(id, container) {
    const { status, document } = await this.api(`${this.basePath()}/${id}/deliveries?limit=50`);
    container.replaceChildren();
    if (status !== 200) {
      container.append(element('p', { textContent: errorText(document, `The delivery log could not be read (HTTP ${status}).`) }));
      return;
    }
    if (!document.deliveries.length) {
      container.append(element('p', { textContent: 'No delivery attempts yet.' }));
      return;
    }
    const table = element('table');
    table.append(element('caption', { textContent: `Delivery attempts of ${id}, newest first` }));
    const head = element('tr');
    for (const title of ['Time', 'Log id', 'Attempt', 'Status', 'Latency (ms)', 'Error'])
      head.append(element('th', { scope: 'col', textContent: title }));
    table.append(head);
    for (const attempt of document.deliveries) {
      const row = element('tr');
      for (const value of [attempt.attempted_at, attempt.log_id, attempt.attempt, attempt.status || 'no answer',
        Math.round(attempt.latency_ms), attempt.error || ''])
        row.append(element('td', { textContent: String(value) }));
      table.append(row);
    }
    container.append(table);
  }

  async redeliver(id) {
    const { status, document } = await this.api(`${this.basePath()}/${id}/redeliver`, { method: 'POST', body: '{}' });
    if (status !== 200) {
      this.setStatus(errorText(document, `Redeliver failed (HTTP ${status}).`));
      return;
    }
    await this.show(this.triggerId);
    this.setStatus(`Redelivering ${id} from log id ${document.delivered_through}.`);
  }
}
