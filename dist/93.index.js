export const id = 93;
export const ids = [93];
export const modules = {

/***/ 2093:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rewriteMarkdown: () => (/* binding */ rewriteMarkdown)
/* harmony export */ });
/* harmony import */ var mdast_util_from_markdown__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6855);
/* harmony import */ var mdast_util_gfm__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8881);
/* harmony import */ var mdast_util_math__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3926);
/* harmony import */ var micromark_extension_gfm__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2297);
/* harmony import */ var micromark_extension_math__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1795);
/* harmony import */ var _hidden_html_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2559);






/**
 * TeX commands that change colour (`\color{white}` is invisible on a light page, `\color{black}` on a
 * dark one), make text take no room or no ink (`\phantom`, `\smash`, the `lap`s), move it over other
 * text (`\kern`, `\raise`) or style it with CSS. Math using any of them is removed whole.
 */
const HIDING_TEX = /\\(?:color|textcolor|colorbox|fcolorbox|pagecolor|mathcolor|phantom|hphantom|vphantom|smash|llap|rlap|clap|mathllap|mathrlap|mathclap|kern|mkern|hspace|hskip|mskip|moveleft|moveright|raise|lower|raisebox|style|class|cssId|bbox|href|unicode|require|tiny|scriptsize)(?![A-Za-z])/;
const position = (node) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? null : [start, end];
};
/** A link destination that parses back as the same URL. */
function destination(url) {
    return /^[^\s<>()\\]*$/.test(url) ? url : `<${url.replace(/[<>\n]/g, c => encodeURIComponent(c))}>`;
}
class Rewriter {
    source;
    definitions = new Map();
    constructor(source) {
        this.source = source;
    }
    run(tree) {
        this.collectDefinitions(tree);
        const span = position(tree) ?? [0, this.source.length];
        return this.source.slice(0, span[0]) + this.children(tree, span[0], span[1]) + this.source.slice(span[1]);
    }
    collectDefinitions(node) {
        if (node.type === 'definition')
            this.definitions.set(node.identifier, node.url);
        if ('children' in node)
            for (const child of node.children)
                this.collectDefinitions(child);
    }
    /** The source from `start` to `end` with each child replaced by its rewrite. */
    children(node, start, end) {
        let out = '';
        let at = start;
        for (const child of node.children) {
            const span = position(child);
            if (!span)
                continue;
            out += this.source.slice(at, span[0]) + this.node(child);
            at = span[1];
        }
        return out + this.source.slice(at, end);
    }
    /** A link's or image's visible text: its children, rewritten. */
    inner(node) {
        const first = node.children[0];
        const last = node.children[node.children.length - 1];
        const a = first && position(first);
        const b = last && position(last);
        return a && b ? this.children(node, a[0], b[1]) : '';
    }
    node(node) {
        const span = position(node);
        if (!span)
            return '';
        const raw = this.source.slice(span[0], span[1]);
        switch (node.type) {
            case 'definition':
                return '';
            case 'image':
                return `![](${destination(node.url)})`;
            case 'imageReference':
                return `![](${destination(this.definitions.get(node.identifier) ?? '')})`;
            case 'link':
                return node.title ? `[${this.inner(node)}](${destination(node.url)})` : this.children(node, ...span);
            case 'linkReference':
                return `[${this.inner(node)}](${destination(this.definitions.get(node.identifier) ?? '')})`;
            case 'html':
                return (0,_hidden_html_js__WEBPACK_IMPORTED_MODULE_0__/* .stripHiddenAttributes */ .Ev)(raw);
            case 'math':
            case 'inlineMath':
                return HIDING_TEX.test(node.value) ? '' : raw;
            case 'code':
                if (node.lang?.toLowerCase() === 'math' && HIDING_TEX.test(node.value))
                    return '';
                return node.meta ? this.withoutMeta(raw, node.meta) : raw;
            default:
                return 'children' in node ? this.children(node, ...span) : raw;
        }
    }
    /** A fenced block's info string shows only its first word (the language); the rest never renders. */
    withoutMeta(raw, meta) {
        const lineEnd = raw.indexOf('\n');
        const opening = lineEnd < 0 ? raw : raw.slice(0, lineEnd);
        const at = opening.lastIndexOf(meta);
        if (at < 0)
            return raw;
        return opening.slice(0, at).trimEnd() + raw.slice(opening.length);
    }
}
function rewriteMarkdown(text) {
    const tree = (0,mdast_util_from_markdown__WEBPACK_IMPORTED_MODULE_1__/* .fromMarkdown */ .Y)(text, {
        extensions: [(0,micromark_extension_gfm__WEBPACK_IMPORTED_MODULE_2__/* .gfm */ .T)(), (0,micromark_extension_math__WEBPACK_IMPORTED_MODULE_3__/* .math */ .D)()],
        mdastExtensions: [(0,mdast_util_gfm__WEBPACK_IMPORTED_MODULE_4__/* .gfmFromMarkdown */ .C)(), (0,mdast_util_math__WEBPACK_IMPORTED_MODULE_5__/* .mathFromMarkdown */ .c)()]
    });
    return new Rewriter(text).run(tree);
}


/***/ })

};
