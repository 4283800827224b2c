/** A dismissible message about something that went wrong, announced to screen readers. */
export function ErrorBanner(props: { readonly message: string | null; readonly onDismiss?: () => void }) {
  if (!props.message) return null;
  return (
    <div className="error-banner" role="alert">
      <span>{props.message}</span>
      {props.onDismiss ? (
        <button type="button" className="link-button" onClick={props.onDismiss} aria-label="Dismiss message">
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
