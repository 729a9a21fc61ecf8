import { useEffect, useRef, type ReactNode } from 'react';
import { Icon, type IconName } from './icon';

export interface ScreenProps {
  title: string;
  icon?: IconName;
  tone?: 'neutral' | 'success' | 'problem';
  children?: ReactNode;
}

/**
 * One full screen of the page. Its heading takes focus when the screen appears, so a screen reader
 * says where the person now is (a single-page app gives no page-load announcement) and the next
 * Tab starts from here.
 */
export function Screen({ title, icon, tone = 'neutral', children }: ScreenProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section className={`screen screen--${tone}`}>
      {icon !== undefined && (
        <div className="screen__icon">
          <Icon name={icon} />
        </div>
      )}
      <h1 ref={headingRef} tabIndex={-1} className="screen__title">
        {title}
      </h1>
      {children}
    </section>
  );
}
