import { useEffect, useState } from 'preact/hooks';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'localhooks-theme';
const media = matchMedia('(prefers-color-scheme: dark)');

function apply(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && media.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function initialTheme(): ThemeChoice {
  const saved = localStorage.getItem(KEY);
  const choice: ThemeChoice = saved === 'light' || saved === 'dark' ? saved : 'system';
  apply(choice);
  return choice;
}

/** The theme picker's state: follows the system until the developer picks light or dark. */
export function useTheme(): [ThemeChoice, (c: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(() => initialTheme());
  useEffect(() => {
    apply(choice);
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
    const on = () => {
      apply(choice);
      setChoice((c) => c);
    };
    media.addEventListener('change', on);
    return () => media.removeEventListener('change', on);
  }, [choice]);
  return [choice, setChoice];
}
