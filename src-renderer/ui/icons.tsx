/** Small line icons drawn inline, so they look the same on systems without an emoji font. */
function Icon(props: { readonly path: string }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={props.path} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export const ThumbUpIcon = () => <Icon path="M7 10v10H4V10h3Zm0 0 4-7a2 2 0 0 1 3 2l-1 5h5a2 2 0 0 1 2 2.3l-1.3 6A2 2 0 0 1 16.7 20H7" />;
export const ThumbDownIcon = () => <Icon path="M7 14V4H4v10h3Zm0 0 4 7a2 2 0 0 0 3-2l-1-5h5a2 2 0 0 0 2-2.3l-1.3-6A2 2 0 0 0 16.7 4H7" />;
