import type { WireFile } from '../helpers/github-wire.js';
import { makePatch } from '../helpers/change-set.js';

/** A FastAPI module with two blocking sleeps (lines 9 and 15), added by the example PR #2. */
export const MAIN = `import time
from fastapi import FastAPI

app = FastAPI()


@app.get("/slow")
async def slow():
    time.sleep(1)
    return {"ok": True}


@app.get("/slower")
async def slower():
    time.sleep(2)
    return {"ok": True}
`;

export const mainFile = (content = MAIN): WireFile => ({ filename: 'app/main.py', status: 'added', patch: makePatch('', content), content });
