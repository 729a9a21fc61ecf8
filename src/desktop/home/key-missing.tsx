import { Screen } from '../../ui/screen';
import { useDesktopText } from '../i18n/desktop-text';

/**
 * Opened without the key (a bookmark, a typed address). The key is never asked for in a form here: it comes
 * with the link `npm start` prints, in the part after `#`, which browsers never send to the server.
 */
export function KeyMissing() {
  const dt = useDesktopText();
  return (
    <Screen title={dt('desktop.keyMissing.title')} icon="lock">
      <p>{dt('desktop.keyMissing.body')}</p>
    </Screen>
  );
}
