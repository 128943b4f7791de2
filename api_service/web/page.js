// CineLake's page: calls the API of the server that served it, with the visitor's key as X-API-Key.
"use strict";

const KEY_STORAGE = "cinelake.apiKey"; // sessionStorage: the key lives as long as the tab, never on disk
const KEY_PROBLEM = "Enter a valid API key.";
const MONEY_COLUMN = /(^|_)(budget|revenue|profit)(_|$)/;
const PLAIN_NUMBER_COLUMN = /(^|_)(year|decade|id)$/; // no thousands separator: 2,023 is not a year
const EXAMPLE_MOVIE = {
  "movie-title": "Edge of Tomorrow",
  "movie-budget": "178000000",
  "movie-runtime": "113",
  "movie-release-date": "2014-05-27",
  "movie-language": "en",
  "movie-cast": "Tom Cruise, Emily Blunt, Bill Paxton",
  "movie-directors": "Doug Liman",
  "movie-companies": "Warner Bros. Pictures, Village Roadshow Pictures",
  "movie-countries": "US, AU",
  "movie-keywords": "time loop, alien invasion",
};
const EXAMPLE_GENRES = ["Action", "Science Fiction"];

const byId = (id) => document.getElementById(id);

// ---- calling the API ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

/** The API's response when it is a 2xx; otherwise an ApiError carrying the message the API gave. */
async function callApi(path, { method = "GET", json } = {}) {
  const headers = new Headers();
  if (apiKey()) headers.set("X-API-Key", apiKey());
  if (json !== undefined) headers.set("Content-Type", "application/json");
  let response;
  try {
    response = await fetch(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  } catch (error) {
    throw new ApiError(0, `The API did not answer (${error.message}). Check the connection and try again.`);
  }
  if (response.ok) return response;
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null; // not JSON: a proxy's error page, say; the status line says enough
  }
  if (response.status === 401) {
    showKeyMessage(KEY_PROBLEM, true);
    throw new ApiError(401, KEY_PROBLEM);
  }
  let message = (body && (body.detail || body.message)) || `${response.status} ${response.statusText}`;
  if (response.status === 429) message += ` (retry in ${response.headers.get("Retry-After") || "a few"} s)`;
  throw new ApiError(response.status, message);
}

function showKeyMessage(text, isProblem) {
  const message = byId("key-message");
  message.textContent = text;
  message.classList.toggle("problem-text", isProblem);
}

function showProblem(id, text) {
  const box = byId(id);
  box.textContent = text;
  box.hidden = !text;
}

/** Runs `work`, showing an ApiError in the problem box `problemId`; any other error is a bug and is rethrown. */
async function reporting(problemId, work) {
  showProblem(problemId, "");
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    showProblem(problemId, error.message);
  }
}

// ---- formatting --------------------------------------------------------------------------------------------------

function numberFormat(locale, digits) {
  // "always": Spanish groups 1.938 as the answers write it, where Intl would leave four digits bare
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, useGrouping: "always" });
}

function formatCell(column, value, locale) {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "number") return String(value);
  if (MONEY_COLUMN.test(column)) {
    return `${numberFormat(locale, Math.abs(value) >= 1e8 ? 0 : 1).format(value / 1e6)} M$`;
  }
  if (PLAIN_NUMBER_COLUMN.test(column)) return String(value);
  if (/(^|_)roi$/.test(column)) return `${numberFormat(locale, 1).format(value)}×`;
  if (/(^|_)runtime$/.test(column)) return `${numberFormat(locale, 0).format(value)} min`;
  return numberFormat(locale, 2).format(value);
}

function percent(share) {
  return `${(share * 100).toFixed(1)} %`;
}

function metric(value, digits = 3) {
  return typeof value === "number" ? value.toFixed(digits) : "—";
}

function count(value) {
  return typeof value === "number" ? value.toLocaleString("en-US") : "—";
}

function moment(isoText) {
  if (!isoText) return "—";
  const when = new Date(isoText);
  const options = { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" };
  return `${when.toLocaleString("en-GB", options)} UTC`;
}

// ---- asking ------------------------------------------------------------------------------------------------------

let askTicket = 0; // a newer question makes the older one's late answers irrelevant
let answeredQuestion = null;
let chart = { question: null, url: null };

function renderTable(columns, rows, locale) {
  const numeric = columns.map((_, index) => rows.some((row) => typeof row[index] === "number")
    && rows.every((row) => row[index] === null || typeof row[index] === "number"));
  const head = document.createElement("tr");
  columns.forEach((column, index) => {
    const cell = document.createElement("th");
    cell.scope = "col";
    cell.textContent = column.replaceAll("_", " ");
    if (numeric[index]) cell.className = "number";
    head.append(cell);
  });
  byId("rows").tHead.replaceChildren(head);
  const body = rows.map((row) => {
    const line = document.createElement("tr");
    row.forEach((value, index) => {
      const cell = document.createElement("td");
      cell.textContent = formatCell(columns[index], value, locale);
      if (numeric[index]) cell.className = "number";
      line.append(cell);
    });
    return line;
  });
  byId("rows").tBodies[0].replaceChildren(...body);
}

function renderAnswer(answer) {
  const locale = answer.language === "es" ? "es-ES" : "en-US";
  byId("answer-text").textContent = answer.answer;
  const rows = `${answer.rows.length} row${answer.rows.length === 1 ? "" : "s"}`;
  const shown = answer.capped ? `first ${rows} shown` : rows;
  byId("answer-meta").textContent = `${shown} · ${Math.round(answer.elapsed_ms)} ms · ${answer.engine} engine`;
  byId("sql").textContent = answer.sql;
  renderTable(answer.columns, answer.rows, locale);
  byId("answer").hidden = false;
}

function hideChart() {
  byId("chart").hidden = true;
  const button = byId("chart-button");
  button.setAttribute("aria-pressed", "false");
  button.textContent = "Show chart";
}

async function ask(question) {
  const ticket = ++askTicket;
  hideChart();
  byId("ask-status").textContent = "Asking…";
  await reporting("ask-error", async () => {
    try {
      const answer = await (await callApi("/ask-text", { method: "POST", json: { question } })).json();
      if (ticket !== askTicket) return;
      answeredQuestion = question;
      renderAnswer(answer);
      byId("chart-button").disabled = false;
    } catch (error) {
      if (ticket === askTicket) {
        byId("answer").hidden = true;
        byId("chart-button").disabled = true;
      }
      throw error;
    } finally {
      if (ticket === askTicket) byId("ask-status").textContent = "";
    }
  });
}

async function toggleChart() {
  if (!byId("chart").hidden) {
    hideChart();
    return;
  }
  const question = answeredQuestion;
  const ticket = askTicket;
  byId("ask-status").textContent = "Drawing the chart…";
  await reporting("ask-error", async () => {
    try {
      if (chart.question !== question) {
        const image = await (await callApi("/ask-visual", { method: "POST", json: { question } })).blob();
        if (ticket !== askTicket) return;
        if (chart.url) URL.revokeObjectURL(chart.url);
        chart = { question, url: URL.createObjectURL(image) };
      }
      const picture = byId("chart-image");
      picture.alt = `Chart answering: ${question}`;
      picture.src = chart.url;
      byId("chart").hidden = false;
      byId("chart-button").setAttribute("aria-pressed", "true");
      byId("chart-button").textContent = "Hide chart";
    } finally {
      if (ticket === askTicket) byId("ask-status").textContent = "";
    }
  });
}

// ---- scoring a movie ---------------------------------------------------------------------------------------------

function commaList(id) {
  return byId(id).value.split(",").map((name) => name.trim()).filter(Boolean);
}

/** The /predict body from the form; a field left empty is left out, and the model treats it as unknown. */
function movieBody() {
  const body = {};
  const text = (id) => byId(id).value.trim();
  if (text("movie-title")) body.title = text("movie-title");
  if (text("movie-budget")) body.budget = Number(text("movie-budget"));
  if (text("movie-runtime")) body.runtime = Number(text("movie-runtime"));
  if (text("movie-release-date")) body.release_date = text("movie-release-date");
  if (text("movie-language")) body.original_language = text("movie-language").toLowerCase();
  body.genres = Array.from(byId("movie-genres").selectedOptions, (option) => option.value);
  body.cast = commaList("movie-cast");
  body.directors = commaList("movie-directors");
  body.production_companies = commaList("movie-companies");
  body.production_countries = commaList("movie-countries").map((code) => code.toUpperCase());
  body.keywords = commaList("movie-keywords");
  return body;
}

function renderPrediction(prediction, movie) {
  byId("prediction-probability").textContent = percent(prediction.success_probability);
  byId("prediction-bar").style.width = `${prediction.success_probability * 100}%`;
  byId("prediction-mark").style.left = `${prediction.threshold * 100}%`;
  byId("prediction-movie").textContent = movie;
  const success = byId("prediction-success");
  success.textContent = prediction.success ? "yes" : "no";
  success.className = prediction.success ? "yes" : "no";
  byId("prediction-threshold").textContent = percent(prediction.threshold);
  byId("prediction-version").textContent = prediction.model_version;
  byId("prediction").hidden = false;
}

async function score(path, options, movie) {
  byId("predict-status").textContent = "Scoring…";
  await reporting("predict-error", async () => {
    try {
      renderPrediction(await (await callApi(path, options)).json(), movie);
    } catch (error) {
      byId("prediction").hidden = true;
      throw error;
    } finally {
      byId("predict-status").textContent = "";
    }
  });
}

function fillExampleMovie() {
  Object.entries(EXAMPLE_MOVIE).forEach(([id, value]) => { byId(id).value = value; });
  for (const option of byId("movie-genres").options) option.selected = EXAMPLE_GENRES.includes(option.value);
}

// ---- data and model ----------------------------------------------------------------------------------------------

function setText(id, text) {
  byId(id).textContent = text;
}

function renderStats(stats) {
  for (const name of ["movies", "people", "companies", "keywords", "links"]) {
    setText(`stat-${name}`, count(stats.tables[name]));
  }
  setText("stat-newest", moment(stats.newest_loaded_at));
  const watermark = stats.watermark;
  setText("stat-watermark", watermark ? watermark.last_day || JSON.stringify(watermark) : "not available");
  const depths = Object.values(stats.dlq_depths);
  const known = depths.filter((depth) => typeof depth === "number");
  const unknown = depths.length - known.length;
  const total = known.reduce((sum, depth) => sum + depth, 0);
  setText("stat-dlq", known.length ? `${total}${unknown ? ` (${unknown} queues unknown)` : ""}` : "unknown");
}

function renderModel(card) {
  const holdout = card.metrics?.holdout?.model ?? {};
  const atThreshold = card.metrics?.holdout_at_threshold ?? {};
  const interval = card.metrics?.holdout_roc_auc_ci95?.model;
  const threshold = card.threshold?.value ?? card.threshold;
  setText("model-version", card.version ?? "—");
  setText("model-trained", moment(card.trained_at));
  setText("model-roc-auc", metric(holdout.roc_auc) + (interval ? ` (${metric(interval[0])}–${metric(interval[1])})` : ""));
  setText("model-pr-auc", metric(holdout.pr_auc));
  setText("model-brier", metric(holdout.brier));
  setText("model-threshold", typeof threshold === "number" ? percent(threshold) : "—");
  setText("model-precision-recall", `${metric(atThreshold.precision, 2)} · ${metric(atThreshold.recall, 2)}`);
  const snapshot = card.data_snapshot ?? {};
  setText("model-films", `${count(snapshot.train_films)} · ${count(snapshot.holdout_films)}`);
}

async function refreshStatus() {
  await reporting("status-error", async () => {
    const [stats, card] = await Promise.allSettled([
      callApi("/stats").then((response) => response.json()),
      callApi("/model").then((response) => response.json()),
    ]);
    if (stats.status === "fulfilled") renderStats(stats.value);
    if (card.status === "fulfilled") renderModel(card.value);
    const failed = [stats, card].find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    if (apiKey()) showKeyMessage("Key accepted.", false);
  });
}

// ---- wiring ------------------------------------------------------------------------------------------------------

function start() {
  byId("api-key").value = apiKey();
  byId("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, byId("api-key").value.trim());
    showKeyMessage("Checking the key…", false);
    refreshStatus();
  });
  byId("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = byId("question").value.trim();
    if (question) ask(question);
  });
  for (const example of document.querySelectorAll(".example")) {
    example.addEventListener("click", () => {
      byId("question").value = example.textContent;
      ask(example.textContent);
    });
  }
  byId("chart-button").addEventListener("click", toggleChart);
  byId("predict-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const body = movieBody();
    score("/predict", { method: "POST", json: body }, body.title || "the movie described");
  });
  byId("example-movie").addEventListener("click", fillExampleMovie);
  byId("catalog-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const tmdbId = byId("tmdb-id").value.trim();
    score(`/predict/${encodeURIComponent(tmdbId)}`, {}, `TMDB id ${tmdbId}`);
  });
  byId("refresh-status").addEventListener("click", refreshStatus);
  refreshStatus();
}

document.addEventListener("DOMContentLoaded", start);
