import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { locale, setLang } from './i18n/locale.svelte';
import { isLang } from './i18n/translate';

// Design screenshots with the fake engine may pick the language by `?lang=en`.
const asked = import.meta.env.VITE_FAKE_API === '1' ? new URLSearchParams(location.search).get('lang') : null;
setLang(isLang(asked) ? asked : locale.lang);

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target });
