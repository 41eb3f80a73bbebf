"""(A copy of the workplace's shared/tools/lsp_check.py, kept here so that CI runs it.)

lsp_check.py SCHEMA.json FILE.yml... — opens each YAML file in yaml-language-server (the engine
behind VS Code's YAML extension) with SCHEMA bound to it, and prints, one JSON line per file, the
diagnostics it publishes (line numbers from 1). A `# yaml-language-server: $schema=...` line in a
file takes precedence over SCHEMA, as in the editor.

Needs Node.js and `npm install yaml-language-server` (set YLS to its executable, or run this from
the folder holding node_modules/). Standard library only."""
import json, subprocess, sys, pathlib, time, os, select

def main():
    schema = pathlib.Path(sys.argv[1]).resolve(); files = [pathlib.Path(f).resolve() for f in sys.argv[2:]]
    srv = os.environ.get("YLS", "node_modules/.bin/yaml-language-server")
    p = subprocess.Popen([srv, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    buf = b""
    def send(msg):
        b = json.dumps(msg).encode(); p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); p.stdin.flush()
    def recv(timeout):
        nonlocal buf
        end = time.time() + timeout
        while time.time() < end:
            if b"\r\n\r\n" in buf:
                head, rest = buf.split(b"\r\n\r\n", 1)
                n = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
                if len(rest) >= n:
                    buf = rest[n:]; return json.loads(rest[:n])
            r, _, _ = select.select([p.stdout], [], [], 0.2)
            if r: buf += os.read(p.stdout.fileno(), 65536)
        return None
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {
        "workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}}}}})
    while (m := recv(10)) and m.get("id") != 1: pass
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    settings = {"yaml": {"validate": True, "schemas": {schema.as_uri(): [f.name for f in files]}, "schemaStore": {"enable": False}}}
    send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
    out = {}
    for i, f in enumerate(files):
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": f.as_uri(), "languageId": "yaml", "version": 1, "text": f.read_text()}}})
    end = time.time() + 15
    while time.time() < end and len(out) < len(files):
        m = recv(1)
        if not m: continue
        if m.get("method") == "workspace/configuration":
            send({"jsonrpc": "2.0", "id": m["id"], "result": [settings["yaml"]] * len(m["params"]["items"])})
        elif m.get("method") == "textDocument/publishDiagnostics":
            out[m["params"]["uri"]] = m["params"]["diagnostics"]
        elif "id" in m and "method" in m:
            send({"jsonrpc": "2.0", "id": m["id"], "result": None})
    p.kill()
    for f in files:
        d = out.get(f.as_uri())
        print(json.dumps({"file": f.name, "diagnostics": None if d is None else [
            {"line": x["range"]["start"]["line"] + 1, "message": x["message"][:120]} for x in d]}, ensure_ascii=False))

if __name__ == "__main__":
    main()
