import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { locale, setLang } from './i18n/locale.svelte';

// The stored language (Chinese by default), also set on <html lang>.
setLang(locale.lang);

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target });
