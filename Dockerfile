# The production image: gunicorn serving Django, static files by whitenoise. The same image runs
# the Celery worker and beat (see docker-compose.yml).

# Front-end assets: the NHS.UK design system compiled with our settings (scripts/build-assets.mjs).
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY scripts ./scripts
COPY static/scss ./static/scss
RUN npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint's libraries (Pango, HarfBuzz), the DejaVu font the wall PDF is set in, and Noto's
# colour emoji: stories are written on phones, and an emoji would otherwise print as an empty box.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu \
       fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY . .
COPY --from=assets /app/static/dist ./static/dist
# Hashed, compressed copies for whitenoise. No secret is needed to collect static files.
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && useradd --system --no-create-home --home-dir /app app
USER app
EXPOSE 8000
CMD ["gunicorn", "recovery_culture.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
