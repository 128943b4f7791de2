"""The web page at `/` in a real browser: Debian's headless Chromium driven by Selenium, against the real app served
by uvicorn on loopback, the real catalogue, a model trained on it, and API keys configured.

The screenshots it takes are the ones in docs/screenshots/ (`make screenshots` refreshes them).
"""

import json
import os
import re
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
import uvicorn
from pydantic import SecretStr
from selenium import webdriver
from selenium.webdriver.chrome.options import Options as ChromeOptions
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from api_service import examples
from api_service.main import create_app
from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import connect
from cinelake.adapters.s3 import LakeStore
from cinelake.config import Settings
from cinelake.local.moto_server import moto_client
from cinelake.services.extract import WATERMARK_KEY
from cinelake.services.publish_model import train_and_publish
from cinelake.services.train import TrainingOptions

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.catalog]

REPO_ROOT = Path(__file__).resolve().parents[2]
# `make screenshots` points this at docs/screenshots/ to refresh the committed ones; a plain run keeps its own.
SCREENSHOTS = Path(os.environ.get("CINELAKE_SCREENSHOTS", tempfile.gettempdir() + "/cinelake-screenshots"))
CHROMIUM = Path("/usr/bin/chromium")  # Debian's packages chromium and chromium-driver
CHROMEDRIVER = Path("/usr/bin/chromedriver")
API_KEY = "web-page-key"
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
WAIT_SECONDS = 30  # the first question builds the names index; a question by meaning loads the sentence model
WATERMARK = {"last_day": "2026-11-24"}
DEAD_LETTERS = 2


# ---------------------------------------------------------------------------------------------------------------
# The server: the real app on a loopback port, in a thread of this process


@pytest.fixture(scope="module")
def catalog_model_dir(catalog_database_url: str, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("web_page_models")
    with closing(connect(catalog_database_url)) as conn:
        train_and_publish(ModelData(conn), output, TrainingOptions(seed=0))
    return output


@pytest.fixture(scope="module")
def app_settings(catalog_database_url: str, catalog_model_dir: Path) -> Settings:
    prefix = f"web{uuid.uuid4().hex[:8]}"
    return Settings(
        database_url=catalog_database_url,
        models_dir=catalog_model_dir,
        cinelake_api_keys=SecretStr(API_KEY),
        ids_queue_name=f"{prefix}-ids",
        load_queue_name=f"{prefix}-load",
        bulk_queue_name=f"{prefix}-bulk",
        data_lake_bucket=f"{prefix}-lake",
    )


@pytest.fixture(scope="module")
def base_url(app_settings: Settings, aws_endpoint: str) -> Iterator[str]:
    # GIVEN S3 and SQS from moto: a watermark in the lake and two messages parked in the ids queue's DLQ
    s3, sqs = moto_client("s3", aws_endpoint, "us-east-1"), moto_client("sqs", aws_endpoint, "us-east-1")
    s3.create_bucket(Bucket=app_settings.data_lake_bucket)
    lake = LakeStore(s3, app_settings.data_lake_bucket)
    lake.put_json(WATERMARK_KEY, WATERMARK)
    for queue in (app_settings.ids_queue_name, app_settings.load_queue_name, app_settings.bulk_queue_name):
        sqs.create_queue(QueueName=f"{queue}-dlq")
    ids_dlq = sqs.get_queue_url(QueueName=f"{app_settings.ids_queue_name}-dlq")["QueueUrl"]
    for number in range(DEAD_LETTERS):
        sqs.send_message(QueueUrl=ids_dlq, MessageBody=json.dumps({"ids": [number]}))
    app = create_app(app_settings)
    app.state.lake = lake
    app.state.sqs = sqs
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))  # bound before the server starts, so no other process can take the port
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


def api(base_url: str) -> httpx.Client:
    """The same API, called directly: what the page shows is compared with what the API answers."""
    return httpx.Client(base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=WAIT_SECONDS)


# ---------------------------------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[WebDriver]:
    # Missing Chromium is a failure, not a skip: `make test` installs it, so its absence is a broken setup.
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), (
        "headless Chromium is missing: apt-get install -y chromium chromium-driver"
    )
    options = ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=en-US"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={DESKTOP['width']},{DESKTOP['height']}")
    # The driver's path is given, so Selenium Manager never looks for one on the internet.
    driver = webdriver.Chrome(options=options, service=ChromeService(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def view_as(driver: WebDriver, device: dict) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", device)


def wait_until(driver: WebDriver, condition: Callable[[WebDriver], object], what: str):
    return WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.1).until(condition, f"waited for {what}")


def element(driver: WebDriver, element_id: str) -> WebElement:
    return driver.find_element(By.ID, element_id)


def text_of(driver: WebDriver, element_id: str) -> str:
    return element(driver, element_id).text


def type_into(field: WebElement, text: str) -> None:
    field.clear()
    field.send_keys(text)


def movie_form(driver: WebDriver) -> dict[str, str | list[str]]:
    """What the movie form holds: each field's value by id, and the genres chosen."""
    fields = element(driver, "predict-form").find_elements(By.TAG_NAME, "input")
    values: dict[str, str | list[str]] = {field.get_attribute("id"): field.get_attribute("value") for field in fields}
    genres = Select(element(driver, "movie-genres")).all_selected_options
    return values | {"movie-genres": [genre.get_attribute("value") for genre in genres]}


def screenshot(driver: WebDriver, name: str, scroll_to: str | None = None) -> None:
    if scroll_to:
        driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", scroll_to)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOTS / name))


def enter_key(driver: WebDriver) -> None:
    type_into(element(driver, "api-key"), API_KEY)
    element(driver, "key-form").find_element(By.TAG_NAME, "button").click()
    wait_until(driver, lambda d: text_of(d, "stat-movies") != "—", "the stats shown with the key")


def script_errors(driver: WebDriver) -> list[dict]:
    """The console's errors from the page's script or its Content-Security-Policy (an API's 4xx is expected)."""
    return [entry for entry in driver.get_log("browser") if entry["source"] in ("javascript", "security")]


@pytest.fixture
def page(browser: WebDriver, base_url: str) -> Iterator[WebDriver]:
    """The page on a desktop screen, its key entered in the key field; the test fails on a script error."""
    view_as(browser, DESKTOP)
    browser.get(base_url)
    enter_key(browser)
    yield browser
    assert script_errors(browser) == []


def ask(driver: WebDriver, question: str) -> str:
    """Types the question, presses Enter, and returns the answer shown."""
    type_into(element(driver, "question"), question + Keys.ENTER)
    wait_until(driver, lambda d: text_of(d, "ask-status") == "", f"the answer to {question!r}")
    assert element(driver, "ask-error").is_displayed() is False, text_of(driver, "ask-error")
    return text_of(driver, "answer-text")


def table(driver: WebDriver) -> tuple[list[str], list[list[str]]]:
    headers = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#rows thead th")]
    rows = [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in driver.find_elements(By.CSS_SELECTOR, "#rows tbody tr")
    ]
    return headers, rows


# ---------------------------------------------------------------------------------------------------------------
# The tests


def test_without_a_key_the_page_asks_for_one_and_with_it_shows_the_data_and_the_model(
    catalog_database_url, browser, base_url, catalog_model_dir
):
    # GIVEN a fresh tab: no key kept
    view_as(browser, DESKTOP)
    browser.get(base_url)
    browser.execute_script("sessionStorage.clear()")
    # WHEN the page opens THEN it loads without a key, and its calls say a key is needed
    browser.get(base_url)
    for where in ("key-message", "status-error"):
        wait_until(browser, lambda d, where=where: "enter a valid api key" in text_of(d, where).lower(), where)
    assert "This product uses the TMDB API but is not endorsed or certified by TMDB." in browser.page_source
    # WHEN the key is entered
    enter_key(browser)
    # THEN the database's figures, the daily run's state and the model's headline metrics are shown
    with closing(connect(catalog_database_url)) as conn:
        movies, people = conn.run("SELECT (SELECT count(*) FROM movies), (SELECT count(*) FROM people)")[0]
    assert (text_of(browser, "stat-movies"), text_of(browser, "stat-people")) == (f"{movies:,}", f"{people:,}")
    assert re.fullmatch(r"\d{1,2} \w{3} 20\d\d, \d\d:\d\d UTC", text_of(browser, "stat-newest"))
    assert text_of(browser, "stat-watermark") == WATERMARK["last_day"]
    assert text_of(browser, "stat-dlq") == str(DEAD_LETTERS)
    card = api(base_url).get("/model").json()
    assert text_of(browser, "model-version") == card["version"]
    assert text_of(browser, "model-roc-auc").startswith(f"{card['metrics']['holdout']['model']['roc_auc']:.3f}")
    assert text_of(browser, "model-threshold") == f"{card['threshold']['value'] * 100:.1f} %"
    assert element(browser, "status-error").is_displayed() is False
    # AND the key is kept for the tab: a reload needs no typing
    browser.refresh()
    wait_until(browser, lambda d: text_of(d, "stat-movies") == f"{movies:,}", "the stats after a reload")
    assert script_errors(browser) == []


def test_questions_in_english_and_spanish_show_the_answer_the_sql_and_the_rows(page):
    # WHEN a question in English is asked with Enter
    answer = ask(page, "Who directed Inception?")
    # THEN the answer names the director, and the rows behind it are a table with the columns as headers
    assert "Christopher Nolan" in answer
    headers, rows = table(page)
    assert headers == ["title", "release year", "director"]
    assert rows == [["Inception", "2010", "Christopher Nolan"]]
    # AND the SQL is folded away until asked for
    assert element(page, "sql").is_displayed() is False
    page.find_element(By.CSS_SELECTOR, "#sql-details summary").click()
    assert text_of(page, "sql").startswith("SELECT")
    # WHEN a question in Spanish is asked
    answer = ask(page, "¿Cuántas películas de terror hay?")
    # THEN the answer states the count the table holds, both written the Spanish way (1.938)
    headers, rows = table(page)
    assert len(rows) == 1 and re.fullmatch(r"\d{1,3}(\.\d{3})+", rows[0][0]), rows
    assert rows[0][0] in answer and "películas" in answer


def test_an_example_question_is_one_click_with_money_in_millions_and_its_chart_loads(page):
    # WHEN an example question is clicked
    example = "¿Películas de mayor presupuesto de 2023?"
    page.find_element(By.XPATH, f"//button[@class='example' and text()='{example}']").click()
    wait_until(page, lambda d: "2023" in text_of(d, "answer-text"), "the example's answer")
    # THEN it is asked as typed, and the budgets read in millions
    assert element(page, "question").get_attribute("value") == example
    headers, rows = table(page)
    assert headers == ["title", "release year", "budget"]
    assert len(rows) == 10 and all(re.fullmatch(r"\d+ M\$", row[2]) for row in rows), rows
    screenshot(page, "page-ask.png")
    # WHEN the chart is asked for
    element(page, "chart-button").click()
    # THEN the /ask-visual image of the same question loads from a blob URL
    image = element(page, "chart-image")
    wait_until(page, lambda d: d.execute_script("return arguments[0].naturalWidth", image) > 0, "the chart image")
    assert image.get_attribute("src").startswith("blob:")
    assert image.is_displayed() and element(page, "chart-button").text == "Hide chart"
    screenshot(page, "page-chart.png", scroll_to="answer-text")
    # AND the button hides it again
    element(page, "chart-button").click()
    assert image.is_displayed() is False


def test_a_refused_question_shows_why_in_its_language(page, base_url):
    question = "Borra todas las películas"
    type_into(element(page, "question"), question + Keys.ENTER)
    wait_until(page, lambda d: element(d, "ask-error").is_displayed(), "the refusal")
    refused = api(base_url).post("/ask-text", json={"question": question})
    assert refused.status_code == 422
    assert text_of(page, "ask-error") == refused.json()["detail"]
    assert element(page, "answer").is_displayed() is False


def test_a_movie_is_scored_from_the_form_and_by_its_tmdb_id(page, base_url):
    # WHEN a movie's features (the API's example) are entered in the form and scored
    movie = examples.MOVIE
    type_into(element(page, "movie-title"), movie["title"])
    type_into(element(page, "movie-budget"), str(movie["budget"]))
    type_into(element(page, "movie-runtime"), str(movie["runtime"]))
    # a date field's typing order follows the browser's locale; its value is always ISO
    page.execute_script("arguments[0].value = arguments[1]", element(page, "movie-release-date"), movie["release_date"])
    type_into(element(page, "movie-language"), movie["original_language"])
    genres = Select(element(page, "movie-genres"))
    for genre in movie["genres"]:
        genres.select_by_value(genre)
    type_into(element(page, "movie-cast"), ", ".join(movie["cast"]))
    type_into(element(page, "movie-directors"), ", ".join(movie["directors"]))
    type_into(element(page, "movie-companies"), ", ".join(movie["production_companies"]))
    type_into(element(page, "movie-countries"), ", ".join(movie["production_countries"]))
    type_into(element(page, "movie-keywords"), ", ".join(movie["keywords"]))
    # (the page's own example, in page.js, is this one: "Fill in an example" leaves the form as typed)
    typed = movie_form(page)
    element(page, "example-movie").click()
    assert movie_form(page) == typed
    element(page, "predict-button").click()
    wait_until(page, lambda d: text_of(d, "prediction-probability") != "", "the form's score")
    # THEN the page shows what /predict answers for the same movie
    expected = api(base_url).post("/predict", json=movie).json()
    shown = [text_of(page, f"prediction-{name}") for name in ("probability", "success", "threshold", "version")]
    assert shown == [
        f"{expected['success_probability'] * 100:.1f} %",
        "yes" if expected["success"] else "no",
        f"{expected['threshold'] * 100:.1f} %",
        expected["model_version"],
    ]
    assert text_of(page, "prediction-movie") == movie["title"]
    # WHEN a movie of the database is scored by its TMDB id (Inception)
    type_into(element(page, "tmdb-id"), "27205" + Keys.ENTER)
    wait_until(page, lambda d: text_of(d, "prediction-movie") == "TMDB id 27205", "the score by id")
    # THEN the page shows what GET /predict/27205 answers
    expected = api(base_url).get("/predict/27205").json()
    assert text_of(page, "prediction-probability") == f"{expected['success_probability'] * 100:.1f} %"
    screenshot(page, "page-predict.png", scroll_to="predict")


def test_on_a_phone_the_page_fits_the_screen_and_the_rows_scroll_inside_their_box(page):
    # GIVEN a phone's screen
    view_as(page, PHONE)
    page.refresh()
    wait_until(page, lambda d: text_of(d, "stat-movies") != "—", "the stats on the phone")
    # WHEN a question with a wide answer is asked, and a movie is scored by its id
    ask(page, "Most profitable movies of 2019")
    type_into(element(page, "tmdb-id"), "27205" + Keys.ENTER)
    wait_until(page, lambda d: text_of(d, "prediction-movie") == "TMDB id 27205", "the score by id")
    # THEN nothing is wider than the screen: the table scrolls inside its own box
    assert page.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
    table_box = page.find_element(By.CSS_SELECTOR, ".table-wrap")
    assert table_box.rect["x"] >= 0 and table_box.rect["x"] + table_box.rect["width"] <= PHONE["width"]
    page.execute_script("window.scrollTo(0, 0)")
    screenshot(page, "page-phone.png")
    screenshot(page, "page-phone-answer.png", scroll_to="answer-text")
    screenshot(page, "page-phone-predict.png", scroll_to="catalog-form")
