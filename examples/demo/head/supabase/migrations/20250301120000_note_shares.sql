-- Share a note with another user.
create table public.note_shares (
  note_id bigint not null references public.notes (id) on delete cascade,
  shared_with uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (note_id, shared_with)
);

create policy "Recipients read shared notes" on public.notes
  for select to authenticated
  using (exists (select 1 from public.note_shares s where s.note_id = id and s.shared_with = auth.uid()));

create policy "Owners update their notes" on public.notes
  for update to authenticated
  using (true);
