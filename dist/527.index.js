export const id = 527;
export const ids = [527];
export const modules = {

/***/ 6527:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ compileProtected),
/* harmony export */   patternProblem: () => (/* binding */ patternProblem)
/* harmony export */ });
/* unused harmony export matchProtected */
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _glob_shape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8635);
/**
 * The matcher for `protected-paths`, on picomatch (https://github.com/micromatch/picomatch):
 * - patterns match the whole repository-relative path, `/`-separated; `*` stays within one segment,
 *   `**` spans any number of segments at any depth, `{a,b}` braces and `[abc]`/`[!abc]` classes work;
 * - matching ignores case and Unicode normalisation (NFC and NFD spell one name alike), because a
 *   checkout on macOS or Windows turns `.GitHub/Workflows/ci.yml` into `.github/workflows/ci.yml`;
 * - dotfiles match like any other name (`*` matches `.env`);
 * - a pattern that matches a folder protects everything below it, so `.github/workflows`,
 *   `.github/workflows/` and `.github/workflows/**` are the same rule;
 * - a pattern without a `/` is not special: `*.lock` protects top-level lock files, `**` + `/*.lock`
 *   every one.
 * A pattern that cannot be parsed (an unclosed `[`, `{` or `(`) or that negates (`!x`) is a
 * configuration error: silently dropping it would leave the path unprotected.
 */



// posix: `[!a]` negates a class, as in gitignore and bash.
const OPTIONS = { dot: true, nocase: true, strictBrackets: true, posix: true };
function normalise(p) {
    return p.normalize('NFC').replace(/^\.\//, '').replace(/\/+$/, '');
}
/** Why `pattern` is not a usable protected-path glob, or null when it is. */
function patternProblem(pattern) {
    const shape = (0,_glob_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .shapeProblem */ .j)(pattern);
    if (shape !== null || (0,_glob_shape_js__WEBPACK_IMPORTED_MODULE_1__/* .isPlainPattern */ .L)(pattern))
        return shape;
    try {
        picomatch__WEBPACK_IMPORTED_MODULE_2___default().makeRe(normalise(pattern.trim()), OPTIONS);
    }
    catch (e) {
        return `"${pattern}" is not a valid glob (${e.message})`;
    }
    return null;
}
/** Compiles `patterns` once; throws ConfigError naming every pattern that cannot be used. */
function compileProtected(patterns) {
    const usable = patterns.map(p => p.trim()).filter(p => p !== '');
    const problems = usable.map(patternProblem).filter((p) => p !== null);
    if (problems.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(problems.map(p => `protected-paths: ${p}.`));
    const compiled = usable.map(p => ({ pattern: p, test: picomatch__WEBPACK_IMPORTED_MODULE_2___default()(normalise(p), OPTIONS) }));
    return (file) => {
        const segments = normalise(file).split('/');
        for (const { pattern, test } of compiled) {
            for (let n = segments.length; n >= 1; n--) {
                if (test(segments.slice(0, n).join('/')))
                    return pattern;
            }
        }
        return null;
    };
}
/** True when `file` or one of its parent folders matches one of `globs`; returns the matching glob. */
function matchProtected(file, globs) {
    return compileProtected(globs)(file);
}


/***/ })

};
