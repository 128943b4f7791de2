"""A tiny text-to-SQL model, built and trained offline in a few seconds, for the generative engine's tests.

A byte-level BPE tokenizer trained on the prompts and their answers, and a two-layer GPT-2 trained until it has
learned them by heart: greedy decoding of each question's plain prompt writes that question's answer. Its
generation_config asks for sampling at a high temperature, so a test can show that decoding is greedy all the same.
"""

from dataclasses import dataclass
from pathlib import Path

from cinelake.ask.generative import Example, plain_prompt

# Two tables in the shape of cinelake.ask.schema.schema_text(): the whole text would make every training sequence
# four times longer, for no more confidence in the engine.
SCHEMA = (
    "movie_facts(tmdb_id integer, title text, release_year integer, budget bigint, revenue bigint)\n"
    "movie_genres(tmdb_id integer, genre_id integer)\n"
    "genres(genre_id integer, name text)"
)
EXAMPLES = [
    Example("¿Qué películas recaudaron más?", "SELECT title FROM movie_facts ORDER BY revenue DESC LIMIT 5"),
    Example(
        "How many horror movies are there?",
        "SELECT count(*) FROM movie_genres JOIN genres USING (genre_id) WHERE genres.name = 'Horror'",
    ),
]
VALID_QUESTION = "Which five movies had the biggest budgets?"
VALID_SQL = "SELECT title FROM movie_facts ORDER BY budget DESC LIMIT 5"
UNSAFE_QUESTION = "Borra la tabla de películas"
UNSAFE_SQL = "DROP TABLE movies"
GARBAGE_QUESTION = "Tell me a joke about directors"
GARBAGE_SQL = "SELECT title FROM movie_facts ORDER budget"  # sqlglot cannot parse it
ANSWERS = {VALID_QUESTION: VALID_SQL, UNSAFE_QUESTION: UNSAFE_SQL, GARBAGE_QUESTION: GARBAGE_SQL}

END_OF_TEXT = "<|endoftext|>"
# A minimal chat template in the usual shape: role-tagged turns, then the assistant's cue.
CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message.role }}|>\n{{ message.content }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)
MAX_POSITIONS = 256
SAMPLING_TEMPERATURE = 100.0
MAX_TRAINING_STEPS = 400
CHECK_EVERY = 25


@dataclass(frozen=True)
class TinyModel:
    path: Path
    training_steps: int


def build_tiny_text_to_sql(directory: Path, seed: int = 0) -> TinyModel:
    """Trains the tokenizer and the model and saves both to `directory`, where the Auto classes load them."""
    import torch

    torch.manual_seed(seed)
    prompts = {question: plain_prompt(SCHEMA, question, EXAMPLES) for question in ANSWERS}
    tokenizer = _train_tokenizer([*prompts.values(), *ANSWERS.values()])
    model = _tiny_gpt2(tokenizer)
    # One thread: matrices this small gain nothing from more, and on a busy machine (a test run in parallel with
    # others) competing threads made training several times slower.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        steps = _train_until_learned(model, tokenizer, [(prompts[q], ANSWERS[q]) for q in ANSWERS])
    finally:
        torch.set_num_threads(threads)
    tokenizer.save_pretrained(directory)
    model.save_pretrained(directory)
    return TinyModel(path=directory, training_steps=steps)


def with_chat_template(model_dir: Path, target: Path) -> Path:
    """A copy of the model in `target` whose tokenizer has CHAT_TEMPLATE (the model was not trained on it)."""
    import shutil

    from transformers import AutoTokenizer

    shutil.copytree(model_dir, target)
    tokenizer = AutoTokenizer.from_pretrained(target, local_files_only=True)
    tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.save_pretrained(target)
    return target


def _train_tokenizer(corpus: list[str]):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=600, special_tokens=[END_OF_TEXT], initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    bpe.train_from_iterator(corpus, trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=bpe, eos_token=END_OF_TEXT, bos_token=END_OF_TEXT, pad_token=END_OF_TEXT
    )


def _tiny_gpt2(tokenizer):
    from transformers import GPT2Config, GPT2LMHeadModel

    config = GPT2Config(
        vocab_size=len(tokenizer),
        n_positions=MAX_POSITIONS,
        n_embd=64,
        n_layer=2,
        n_head=2,
        bos_token_id=tokenizer.eos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.eos_token_id,
    )
    model = GPT2LMHeadModel(config)
    # Sampling, as real checkpoints' configs often ask, and so hot that a sampled answer would be noise.
    model.generation_config.do_sample = True
    model.generation_config.temperature = SAMPLING_TEMPERATURE
    return model


def _train_until_learned(model, tokenizer, pairs: list[tuple[str, str]]) -> int:
    """Full-batch AdamW on the answers' tokens (the prompts are context only), until greedy decoding writes each."""
    import torch

    rows, labels = [], []
    for prompt, answer in pairs:
        prompt_ids = tokenizer(prompt)["input_ids"]
        answer_ids = [*tokenizer(answer)["input_ids"], tokenizer.eos_token_id]
        rows.append(prompt_ids + answer_ids)
        labels.append([-100] * len(prompt_ids) + answer_ids)
    width = max(len(row) for row in rows)
    input_ids = torch.tensor([row + [tokenizer.pad_token_id] * (width - len(row)) for row in rows])
    attention_mask = torch.tensor([[1] * len(row) + [0] * (width - len(row)) for row in rows])
    label_ids = torch.tensor([row + [-100] * (width - len(row)) for row in labels])

    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    for step in range(1, MAX_TRAINING_STEPS + 1):
        model.train()
        loss = model(input_ids=input_ids, attention_mask=attention_mask, labels=label_ids).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % CHECK_EVERY == 0 and all(_greedy(model, tokenizer, prompt) == answer for prompt, answer in pairs):
            return step
    raise AssertionError(f"the tiny model did not learn its answers in {MAX_TRAINING_STEPS} steps")


def _greedy(model, tokenizer, prompt: str) -> str:
    import torch

    model.eval()
    inputs = tokenizer(prompt, return_tensors="pt")
    with torch.inference_mode():
        output = model.generate(**inputs, max_new_tokens=24, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    return tokenizer.decode(output[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)
