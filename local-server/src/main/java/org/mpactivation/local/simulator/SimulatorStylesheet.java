package org.mpactivation.local.simulator;

import org.mpactivation.web.Router;
import org.mpactivation.web.WebResponse;

/** The simulator pages' stylesheet (the pages carry no inline style or script, as the CSP demands). */
public final class SimulatorStylesheet {

    public static final String PATH = "/simulator/assets/simulator.css";

    static final String CSS = """
            :root { --ink: #1d2433; --muted: #5b6475; --accent: #8a4b00; --ok: #1b7a3a; --bad: #b3261e; --line: #d5dae3; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f3f1ec; }
            .sim-top { display: flex; flex-wrap: wrap; gap: 1rem; justify-content: space-between; align-items: center; padding: .6rem 1.25rem; background: #232f3e; color: #fff; }
            .sim-brand { font-weight: 600; }
            .sim-tag { font-weight: normal; font-size: .8rem; border: 1px solid #ffffff80; border-radius: 4px; padding: 0 .35rem; margin-left: .4rem; }
            .sim-top nav { display: flex; gap: 1rem; flex-wrap: wrap; }
            .sim-top a { color: #fff; text-decoration: none; }
            .sim-top a[aria-current=page] { text-decoration: underline; text-underline-offset: .3rem; }
            main { max-width: 72rem; margin: 1.25rem auto; padding: 0 1.25rem; }
            h1 { font-size: 1.5rem; }
            h2 { font-size: 1.2rem; margin-top: 2rem; }
            h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
            h4 { font-size: .95rem; margin: 1rem 0 .4rem; }
            .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1rem; }
            .facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0 1rem; }
            .facts dt { color: var(--muted); }
            .facts dd { margin: 0; overflow-wrap: anywhere; }
            code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
            pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: .75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
            .field { margin: 0 0 .75rem; }
            .field label { display: block; font-weight: 600; margin-bottom: .25rem; }
            input[type=text], input[type=number], input[type=date], select { padding: .4rem .5rem; border: 1px solid #9aa3b2; border-radius: 6px; font: inherit; }
            input[type=text] { width: 100%; max-width: 24rem; }
            input[aria-invalid=true] { border-color: var(--bad); }
            button { display: inline-block; padding: .45rem 1rem; border-radius: 6px; border: 1px solid #a88734; background: #ffd814; color: #0f1111; font: inherit; cursor: pointer; margin: 0 .3rem .3rem 0; }
            a.button-link { display: inline-block; padding: .45rem 1rem; border-radius: 6px; border: 1px solid #a88734; background: #ffd814; color: #0f1111; text-decoration: none; }
            button.secondary { background: #fff; border-color: #9aa3b2; }
            button.small { padding: .15rem .6rem; font-size: .85rem; }
            fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .75rem; padding: .5rem .75rem .25rem; }
            legend { color: var(--muted); padding: 0 .3rem; }
            label.choice { display: inline-flex; gap: .4rem; align-items: center; margin: 0 1rem .75rem 0; }
            .inline-fields { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
            .inline-fields label { display: flex; flex-direction: column; font-size: .9rem; color: var(--muted); }
            .muted { color: var(--muted); font-size: .9rem; }
            .notice { background: #eef4ff; border: 1px solid #c4d6f6; padding: .6rem .8rem; border-radius: 6px; }
            .error-box { background: #fdecea; border: 1px solid #f5c2bd; color: var(--bad); padding: .6rem .8rem; border-radius: 6px; }
            .status { font-size: .8rem; font-weight: 600; border-radius: 999px; padding: .05rem .6rem; margin-left: .4rem; vertical-align: middle; }
            .status.ok { background: #e3f4e8; color: var(--ok); }
            .status.off { background: #fdecea; color: var(--bad); }
            .result-ok { color: var(--ok); }
            .result-failed { color: var(--bad); }
            .delivery.failed { border-left: 4px solid var(--bad); }
            .delivery.ok { border-left: 4px solid var(--ok); }
            table { width: 100%; border-collapse: collapse; background: #fff; }
            th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
            th { font-size: .85rem; color: var(--muted); font-weight: 600; }
            td.number { text-align: right; }
            .success { color: var(--ok); font-weight: 600; }
            """;

    private SimulatorStylesheet() {
    }

    /** Serves the stylesheet (mounting it twice is harmless: the first route wins). */
    public static Router mount(Router router) {
        return router.get(PATH, (request, params) -> WebResponse.text(200, "text/css; charset=utf-8", CSS)
                .withHeader("Cache-Control", "public, max-age=3600"));
    }
}
