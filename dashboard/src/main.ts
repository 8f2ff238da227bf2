import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app.js';
import { html } from './ui/html.js';
import { startLive } from './live.js';
import { initialTheme } from './theme.js';

initialTheme();
startLive();
render(html`<${App} />`, document.getElementById('root')!);
