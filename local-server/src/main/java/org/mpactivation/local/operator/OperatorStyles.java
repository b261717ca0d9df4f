package org.mpactivation.local.operator;

/** The operator pages' stylesheet (served from {@code /operator/operator.css}; the CSP allows no inline styles). */
final class OperatorStyles {

    static final String CSS = """
            :root { --ink: #1d2433; --muted: #5b6475; --accent: #1a5fd0; --error: #b3261e; --line: #d5dae3; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
                   background: #f5f7fa; }
            .top { display: flex; flex-wrap: wrap; gap: 1rem; justify-content: space-between; align-items: center;
                   padding: .6rem 1.25rem; background: #fff; border-bottom: 1px solid var(--line); }
            .brand { font-weight: 600; }
            nav { display: flex; gap: 1rem; align-items: center; }
            nav a { color: var(--accent); text-decoration: none; }
            nav a[aria-current=page] { font-weight: 600; text-decoration: underline; }
            main { margin: 1.25rem; padding: 1.25rem; background: #fff; border: 1px solid var(--line);
                   border-radius: 8px; }
            h1 { font-size: 1.4rem; margin-top: 0; }
            h2 { font-size: 1.15rem; margin-top: 1.75rem; }
            h3 { font-size: 1.05rem; margin-top: 0; }
            a { color: var(--accent); }
            .scroll { overflow-x: auto; }
            table.grid { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
            table.grid caption { text-align: left; color: var(--muted); padding-bottom: .35rem; }
            table.grid th, table.grid td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
                   vertical-align: top; }
            table.grid th { background: #eef1f6; font-weight: 600; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.status { font-weight: 600; }
            dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0 1rem; }
            dl.fields dt { font-weight: 600; }
            dl.fields dd { margin: 0; overflow-wrap: anywhere; }
            ul.plain { list-style: none; margin: 0; padding: 0; }
            .muted { color: var(--muted); font-size: .9em; }
            .error { color: var(--error); }
            .notice { background: #eef4ff; border: 1px solid #c4d6f6; padding: .5rem .75rem; border-radius: 6px; }
            .card { border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 1rem 0; }
            form.inline { display: inline; margin: 0; }
            form.login { display: grid; gap: .5rem; max-width: 22rem; }
            input[type=password] { padding: .5rem .6rem; border: 1px solid #9aa3b2; border-radius: 6px; font: inherit; }
            button { font: inherit; padding: .45rem .9rem; border-radius: 6px; border: 1px solid var(--accent);
                     background: var(--accent); color: #fff; cursor: pointer; }
            button.link { background: none; border: 0; color: var(--accent); padding: 0; text-decoration: underline; }
            """;

    private OperatorStyles() {
    }
}
