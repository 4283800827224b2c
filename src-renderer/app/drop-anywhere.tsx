import { useEffect, useState } from 'react';
import { useStores } from './stores';
import { dragHasFiles, droppedFiles } from '../features/library/dropped-files';

/**
 * Accepts files and folders dropped anywhere on the window: shows an overlay while something is
 * dragged over, adds the drop to the library, and switches to the Library so progress is visible.
 */
export function DropAnywhere() {
  const { client, library, app } = useStores();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      // Without preventDefault the browser would open the dropped file in place of the app.
      event.preventDefault();
      depth = 0;
      setDragging(false);
      if (!event.dataTransfer) return;
      void droppedFiles(event.dataTransfer, client.mode).then((files) => {
        if (files.length === 0) return;
        app.getState().navigate('library');
        void library.getState().addFiles(files);
      });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [client, library, app]);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" role="status" aria-live="polite">
      <div className="drop-overlay-card">Drop to add to your library</div>
    </div>
  );
}
