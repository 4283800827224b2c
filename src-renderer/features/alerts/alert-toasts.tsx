import { useEffect } from 'react';
import { useAlerts } from '../../app/stores';
import './alerts.css';

const toastMs = 12_000;

/** In-app notifications of alerts, shown over every screen and announced to screen readers. */
export function AlertToasts() {
  const toasts = useAlerts((s) => s.toasts);
  const dismiss = useAlerts((s) => s.dismissToast);
  useEffect(() => {
    if (toasts.length === 0) return;
    const oldest = toasts[toasts.length - 1]!;
    const timer = setTimeout(() => dismiss(oldest.id), toastMs);
    return () => clearTimeout(timer);
  }, [toasts, dismiss]);
  return (
    <div className="alert-toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`alert-toast ${toast.kind} ${toast.severity}`} data-testid="alert-toast">
          <strong>{toast.title}</strong>
          <p>{toast.body.split('\n')[0]}</p>
          <button type="button" className="link-button" onClick={() => dismiss(toast.id)} aria-label="Dismiss notification">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
