import { useEffect, useState } from 'react';
import { hasStoredUploads } from './has-stored-uploads';

/** Whether an earlier page life left unconfirmed uploads for this session (false until known). */
export function useStoredUploads(sessionId: string): boolean {
  const [found, setFound] = useState(false);
  useEffect(() => {
    let current = true;
    void hasStoredUploads(sessionId).then((stored) => {
      if (current && stored) setFound(true);
    });
    return () => {
      current = false;
    };
  }, [sessionId]);
  return found;
}
