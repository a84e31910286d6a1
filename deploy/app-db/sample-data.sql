-- A small booking application: the sample data of 'runbook demo' and of docker compose's app database.
-- Deterministic (no random()), so a restored copy can be compared with the source row for row.

CREATE TABLE users (
  id         bigserial PRIMARY KEY,
  email      text        NOT NULL UNIQUE,
  full_name  text        NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE masters (
  id          bigserial PRIMARY KEY,
  name        text          NOT NULL,
  speciality  text          NOT NULL,
  hourly_rate numeric(8, 2) NOT NULL
);

CREATE TABLE availability_blocks (
  id        bigserial PRIMARY KEY,
  master_id bigint      NOT NULL REFERENCES masters (id),
  starts_at timestamptz NOT NULL,
  ends_at   timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);

CREATE TABLE bookings (
  id        bigserial PRIMARY KEY,
  user_id   bigint        NOT NULL REFERENCES users (id),
  master_id bigint        NOT NULL REFERENCES masters (id),
  starts_at timestamptz   NOT NULL,
  status    text          NOT NULL CHECK (status IN ('booked', 'done', 'cancelled')),
  price     numeric(8, 2) NOT NULL
);

INSERT INTO users (email, full_name, created_at)
SELECT 'user' || g || '@example.com', 'User ' || g, timestamptz '2025-01-01 00:00+00' + g * interval '37 minutes'
FROM generate_series(1, 3000) AS g;

INSERT INTO masters (name, speciality, hourly_rate)
SELECT 'Master ' || g, (ARRAY['haircut', 'massage', 'manicure', 'tattoo'])[1 + g % 4], 30 + (g % 7) * 5
FROM generate_series(1, 40) AS g;

INSERT INTO availability_blocks (master_id, starts_at, ends_at)
SELECT 1 + g % 40,
       timestamptz '2026-01-05 09:00+00' + (g / 40) * interval '1 day',
       timestamptz '2026-01-05 17:00+00' + (g / 40) * interval '1 day'
FROM generate_series(0, 40 * 60 - 1) AS g;

INSERT INTO bookings (user_id, master_id, starts_at, status, price)
SELECT 1 + g % 3000,
       1 + g % 40,
       timestamptz '2026-01-05 09:00+00' + (g % 60) * interval '1 day' + (g % 8) * interval '1 hour',
       (ARRAY['booked', 'done', 'cancelled'])[1 + g % 3],
       30 + (g % 7) * 5
FROM generate_series(1, 8000) AS g;

CREATE INDEX bookings_master_starts_at ON bookings (master_id, starts_at);
CREATE INDEX availability_blocks_master ON availability_blocks (master_id, starts_at);
ANALYZE;
