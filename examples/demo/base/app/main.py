from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.routers import notes

app = FastAPI(title="Notes")
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://notes.example.com"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)
app.include_router(notes.router)
