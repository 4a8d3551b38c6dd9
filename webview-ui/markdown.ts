// Model text as markdown, for the agent view and the trajectory viewer: markdown-it parses
// (raw HTML off, so markup in model output stays text), DOMPurify sanitises what it produced
// anyway (defence in depth: no scripts, no event handlers, no javascript: links), and code
// blocks are highlighted by highlight.js into classes that media/*.css colours with VS Code's
// theme variables. The pages' CSP forbids inline scripts on top of all this.
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdownLang from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import MarkdownIt from 'markdown-it';
import { button, h } from './dom';

const LANGUAGES = { bash, css, diff, go, java, javascript, json, markdown: markdownLang, python, rust, shell, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
hljs.registerAliases(['js', 'jsx', 'mjs', 'cjs'], { languageName: 'javascript' });
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['sh', 'zsh', 'console'], { languageName: 'bash' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.registerAliases(['yml'], { languageName: 'yaml' });
hljs.registerAliases(['md'], { languageName: 'markdown' });
hljs.registerAliases(['rs'], { languageName: 'rust' });

const markdown = new MarkdownIt({
  html: false,
  linkify: true,
  breaks: false,
  highlight: (code, language) => {
    const name = language.trim().toLowerCase();
    if (name !== '' && hljs.getLanguage(name)) return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
    return '';
  },
});

const SANITIZE = {
  // What markdown-it emits, nothing more: no forms, no media, no style attributes.
  ALLOWED_TAGS: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'],
  ALLOWED_ATTR: ['href', 'title', 'class', 'start', 'align'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
};

/** What a code block's buttons do (Insert is offered only where there is an editor to insert into). */
export interface CodeBlockActions {
  copy(code: string): void;
  insert?(code: string): void;
}

/** Markdown source to sanitised HTML (a string; tests and the viewer use it). */
export function markdownToSafeHtml(source: string): string {
  return DOMPurify.sanitize(markdown.render(source), SANITIZE);
}

/** Renders markdown into `target` (replacing what it held) and gives each code block a toolbar. */
export function renderMarkdown(target: HTMLElement, source: string, actions: CodeBlockActions): void {
  const template = document.createElement('template');
  // Sanitised just above: DOMPurify's output under the allow-list, and the CSP blocks inline code.
  template.innerHTML = markdownToSafeHtml(source);
  for (const pre of template.content.querySelectorAll('pre')) decorateCodeBlock(pre, actions);
  for (const link of template.content.querySelectorAll('a')) link.setAttribute('rel', 'noreferrer noopener');
  target.replaceChildren(template.content);
  target.classList.add('markdown');
}

function decorateCodeBlock(pre: HTMLPreElement, actions: CodeBlockActions): void {
  const code = pre.querySelector('code');
  const text = (code ?? pre).textContent ?? '';
  code?.classList.add('hljs');
  const language = /language-([\w+-]+)/.exec(code?.className ?? '')?.[1] ?? '';
  const copy = button('Copy', () => {
    actions.copy(text);
    copy.textContent = 'Copied';
    setTimeout(() => (copy.textContent = 'Copy'), 1500);
  }, { className: 'secondary small', attrs: { 'aria-label': `Copy the ${language || 'code'} block` } });
  const tools = h('div', { className: 'code-tools' }, h('span', { className: 'code-language muted', text: language }), copy);
  if (actions.insert) {
    const insert = actions.insert;
    tools.append(button('Insert at cursor', () => insert(text), {
      className: 'secondary small', attrs: { 'aria-label': `Insert the ${language || 'code'} block at the cursor in the editor` },
    }));
  }
  const wrapper = h('div', { className: 'code-block' });
  pre.replaceWith(wrapper);
  pre.tabIndex = 0;
  wrapper.append(tools, pre);
}
