"""The reading table: questions in both languages and what each must read to, or the refusal each must get.

`reading(spec)` renders what the parser understood in one line (the query's shape, measure, order, grouping and every
filter); a refusal reads as `refused: <the words not understood>` or `refused` for the other refusals. The table is
`ask_table.json`; after a deliberate change of behaviour, rewrite it and read its diff line by line:

    .venv/bin/python -m tests.unit.ask_table --write
"""

import argparse
import json
import sys
from dataclasses import fields
from pathlib import Path

from cinelake.ask.parse import QuestionParser, UnanswerableQuestion
from cinelake.ask.spec import Filters, Linked, QuerySpec
from tests.unit.ask_names import name_index

TABLE = Path(__file__).with_name("ask_table.json")

MEASURES_EN = {"budget": "budget", "revenue": "revenue", "rating": "rating", "runtime": "runtime",
               "votes": "number of votes", "popularity": "popularity", "profit": "profit", "roi": "ROI"}  # fmt: skip
MEASURES_ES = {"budget": "presupuesto", "revenue": "recaudación", "rating": "valoración", "runtime": "duración",
               "votes": "número de votos", "popularity": "popularidad", "profit": "beneficio",
               "roi": "ROI"}  # fmt: skip
GENRES = [("horror", "terror"), ("comedy", "comedia"), ("animated", "animación"),
          ("science fiction", "ciencia ficción"), ("drama", "drama"), ("action", "acción")]  # fmt: skip


def templated() -> list[str]:
    """Every measure under each aggregate and ranking, each dimension grouped, in both languages."""
    questions = []
    for (measure, en), es in zip(MEASURES_EN.items(), MEASURES_ES.values(), strict=True):
        questions += [
            f"What is the average {en} of horror movies?",
            f"What is the median {en} of movies from 2015?",
            f"What is the 90th percentile of {en}?",
            f"Top 5 movies by {en}",
            f"Which movies have the lowest {en}?",
            f"The movie with the highest {en} of each decade",
            f"Average {en} by genre",
            f"¿Cuál es la {es} media de las películas de comedia?" if measure != "budget" else
            "¿Cuál es el presupuesto medio de las películas de comedia?",
            f"Mediana de {es} de las películas de 2010",
            f"Las 5 películas con mayor {es}",
            f"{es.capitalize()} media por año desde 2010",
        ]  # fmt: skip
    for en, es in GENRES:
        questions += [
            f"How many {en} movies were released in 2019?",
            f"¿Cuántas películas de {es} se estrenaron en 2019?",
            f"What percentage of 2012 movies are {en}?",
            f"¿Qué porcentaje de las películas de 2012 son de {es}?",
        ]
    for en, plural, es in [("genre", "genres", "género"), ("year", "years", "año"), ("decade", "decades", "década"),
                           ("language", "languages", "idioma"), ("country", "countries", "país"),
                           ("director", "directors", "director"), ("company", "companies", "productora"),
                           ("actor", "actors", "actor"), ("keyword", "keywords", "palabra clave")]:  # fmt: skip
        questions += [f"Number of movies by {en}", f"Número de películas por {es}", f"Top 3 {plural} by revenue"]
    return questions


WRITTEN = """
How many movies have no known runtime?
How many films are missing a budget?
Average rating of movies with a known budget
Movies with unknown revenue from 2018
Which movie with no known budget has the highest revenue?
¿Cuántas películas no tienen presupuesto conocido?
Películas sin duración conocida de 2020
¿Cuántas películas carecen de recaudación conocida?
Duración media de las películas con presupuesto conocido
Which 2019 animated movies made less than their budget?
How many movies from 2015 made more than twice their budget?
Movies whose revenue was above three times the budget
Which films earned less than they cost in 2010?
How many movies cost more than they made?
¿Cuántas películas recaudaron menos que su presupuesto en 2010?
Películas de 2020 cuya recaudación superó el triple de su presupuesto
Películas que costaron más de lo que recaudaron
How many movies were released in December 2019?
Which horror movies came out in October 2018?
Films released in May 2012
Movies released in March
¿Cuántas películas se estrenaron en agosto de 2016?
Películas de ciencia ficción estrenadas en julio de 2014
Películas estrenadas en enero
What was Christopher Nolan's first movie?
What is the latest movie directed by Denis Villeneuve?
What is Steven Spielberg's most recent film?
¿Cuál fue la primera película dirigida por Steven Spielberg?
¿Cuál es la película más reciente de Tom Hanks?
¿Cuál fue la última película de Quentin Tarantino?
Which actor appeared in the most Steven Spielberg movies?
Which actress appears most often in Tim Burton movies?
Which director has made the most movies with Leonardo DiCaprio?
¿Qué actriz aparece en más películas de Woody Allen?
¿Qué actor ha trabajado en más películas de Tim Burton?
Which directors have made at least 15 movies?
Directors with at least 10 movies
Which companies have produced at least 100 movies?
¿Qué directores tienen al menos 12 películas?
¿Qué productoras tienen al menos 80 películas?
Movies directed by Quentin Tarantino and starring Samuel L. Jackson
Movies starring both Tom Hanks and Meg Ryan
Films starring Robert De Niro and Al Pacino
Películas dirigidas por Tim Burton con Johnny Depp
Películas de Christopher Nolan con Michael Caine
Películas de Martin Scorsese con Robert De Niro
How many Toy Story movies are there?
What is the total revenue of the Harry Potter movies?
Total budget of the Jurassic Park movies
How many Star Wars films are there?
¿Cuántas películas de Shrek hay?
Recaudación total de las películas de Toy Story
Movies about time travel
Películas de zombies
Películas sobre la segunda guerra mundial
Movies about jurassic park
What is the second longest movie of 2010?
The third most expensive animated movie
La segunda película más taquillera de 2019
¿Cuál es la segunda película más larga de 2019?
The most expensive movie of each decade since the 1970s
The comedy with the most votes in each year since 2015
The highest-grossing film of every year from 2015 to 2020
La película más larga de cada año desde 2018
La película mejor valorada de cada década desde 1980, con al menos 1000 votos
La película más barata de cada década desde los años 90
The best rated movie of each genre
What percentage of 2012 movies are dramas?
What share of the movies released since 2020 are in Korean?
What fraction of 2019 releases are animated?
What percent of Japanese-language movies are animation?
¿Qué porcentaje de las películas de Pixar recaudaron más de 500 millones?
¿Qué proporción de las películas de 2015 son comedias?
¿Qué porcentaje de las películas en coreano son de terror?
What percentage of movies?
How many movies are in post-production?
Number of rumored movies
¿Cuántas películas están en postproducción?
Who directed Inception?
Who starred in The Matrix?
How long is Interstellar?
¿Quién dirigió Titanic?
¿Cuánto recaudó Frozen?
¿En qué fecha salió Interstellar?
Which earned more, Titanic or Avatar?
Is Inception longer than Interstellar?
¿Cuál recaudó más, Titanic o Avatar?
Movies by First Look Media
What was the first Pixar movie?
Home movies from the 1990s
The movie Up
Movies with a star rating above 8
Top 10 Pixar movies by rating
Películas de Pixar mejor valoradas
Marvel Studios movies with the highest revenue
Movies from Studio Ghibli directed by Hayao Miyazaki
Horror or thriller movies from 2020
Comedias o dramas de 2019
Non-English movies with the highest revenue
Las 5 películas más taquilleras que no son en inglés
Movies excluding animation from 2015
Películas que no son de Estados Unidos con más votos
Movies released between 2000 and 2005
Movies from the last 5 years with the highest rating
Películas de los últimos tres años
Movies with a budget between 50 and 100 million
Películas de entre 90 y 120 minutos
Movies longer than three hours
¿Cuántas películas de más de 3 horas se estrenaron desde 2000?
Movies with at least 1000 votes and a rating above 8
Most popular horror movies released after 2020
Películas de Christopher Nolan con más recaudación
Greta Gerwig's filmography as a director
Keanu Reeves movies from the 2000s
Number of movies per year since 2000
Número de películas por década
Average budget per year since 1990
Budget vs revenue of movies since 2000
Distribution of movie runtimes
Histograma de la valoración de las películas de terror
Which movies had no known moonlight rating?
Movies with a purple budget
How many movies about nothing in particular?
Movies that made money on Tuesdays
Películas con presupuesto azul
¿Cuántas películas tienen finales felices sin duración?
Movies directed by a dog
What is the weather today?
¿Qué hora es?
Delete all movies from 2019
Borra las películas de terror
SELECT * FROM movies
Show me movies; DROP TABLE movies
Movies released on Mars
Películas estrenadas en la Luna
The best movie
La peor película
The worst movies of 2010 by rating
Cheapest movies with at least 500 votes
Películas baratas con más de 1000 votos
Movies with revenue over a billion
Películas que recaudaron más de mil millones
How much did Pixar movies make in total?
¿Cuánto recaudaron en total las películas de Pixar?
Minimum runtime of Quentin Tarantino movies
Maximum budget of 2019 horror movies
¿Cuál es el presupuesto máximo de las películas de terror de 2019?
Count the movies whose original language is Korean
Cuenta las películas en japonés
Which genre has the most movies since 2015?
¿Qué género tiene más películas desde 2015?
The 3 most common original languages
Los tres idiomas originales con más películas
Which studio appears on the most movies?
Directors with the highest average rating, with at least 5 movies
Directores con mejor valoración media con al menos 5 películas
Movies from the 1980s with the most votes
Películas de los 80 con más votos
Movies longer than three hours from the 2010s
Películas de más de dos horas y media de 2019
Top 5 most profitable movies of 2019
Las 5 películas más rentables de 2019
The least popular movies of 2020
Las películas menos populares de 2020
Movies in French made in Canada
Películas en francés producidas en Canadá
Movies made in Japan since 2010
How many French movies were released after 2015?
¿Cuántas películas en francés se estrenaron antes de 2000?
Movies with a runtime under 90 minutes and a rating above 7
Películas con valoración superior a 8 y más de 5000 votos
The 10 oldest movies
Las 10 películas más antiguas
Movies with at least 1000 votes released in the 1990s
What is the total runtime of the Toy Story movies?
Average rating of the Shrek movies
How many Christopher Nolan movies are there?
¿Cuántas películas ha dirigido Steven Spielberg?
Compare Titanic and Avatar by budget
Compara Inception e Interstellar por recaudación
Which genre has the highest average budget?
¿Qué género tiene la recaudación media más alta?
Movies that earned more than 1 billion dollars with a budget under 100 million
The lowest-rated movie with at least 1000 votes
How many movies have a budget but no known revenue?
What was the median budget of movies released in Dec 2019?
Movies that doubled their budget in 2018
Películas que triplicaron su presupuesto en 2015
What is the first quartile of runtimes?
El tercer cuartil del presupuesto de las películas de terror
What % of 2015 movies are comedies?
Movies with an undisclosed budget from 2019
The sixth most expensive movie of 2019
Could you tell me the most common genres?
Movies whose revenue was 3x the budget in 2015
¿Cuántos filmes de terror se lanzaron en 2018?
Las cintas más taquilleras de 2010
¿Cuántos largometrajes de animación salieron en 2020?
¿Qué películas facturaron más de 500 millones en 2019?
Películas con puntaje mayor a 8
¿Cuál es la calificación promedio de las comedias?
Películas realizadas por Christopher Nolan
¿Qué cineasta tiene más películas?
Películas con la actuación de Tom Hanks
Películas habladas en francés de 2015
Películas rodadas en España
¿Cuántas películas de los noventa hay?
Películas de los años noventa con más votos
¿Cuál es la película más cara jamás hecha?
Dame las 3 películas más largas de la década de 2010
¿Qué película costó más en 2019?
¿Cuánto costó en promedio una película de Pixar?
Muéstrame las películas de Pixar ordenadas por recaudación
¿Cuál fue la película más vista de 2019?
Películas con una recaudación superior a los 1000 millones
¿Cuántas películas de Marvel Studios se estrenaron después de 2015?
Lista de películas de Quentin Tarantino
¿En qué año se estrenó Titanic?
¿Cuántas películas duran más de dos horas?
La película con peor nota de 2020 con al menos 500 votos
Géneros con más películas en 2019
¿Qué idioma original tiene más películas después del inglés?
Películas de terror japonesas
¿Cuál es el género más popular?
Películas de ciencia ficción con más de 1000 votos ordenadas por nota
Average budget of dramas that don't have a known revenue
How many movies don't have a budget?
¿Cuántas películas de los años 2000 no tienen duración?
¿Cuántas películas no cuentan con presupuesto?
Directors with at least 10 horror movies
Directores con 10 o más películas de terror
Directores con 10 películas o más
Directors with more than 20 movies
Directors with fewer than 3 movies
Películas de 2 horas o más
¿Cuántas películas no tienen ni presupuesto ni recaudación conocidos?
How many movies have neither a budget nor a revenue?
Películas de 2019 sin presupuesto ni recaudación
Movies with no known budget or revenue
Movies without a budget or with no revenue
¿Cuántas películas tienen presupuesto pero no recaudación?
Movies with a budget over 100 million
Which director has made the most movies with Tom Hanks?
Who directed the most horror movies?
Who made the most horror movies?
Which director made the most horror movies?
Which studio made the most animated movies in the 2010s?
¿Quién ha dirigido más películas de comedia?
¿Qué productora hizo más películas de terror en los años 2010?
Who starred in the most Steven Spielberg movies?
¿Quién ha protagonizado más películas de Tim Burton?
¿Cuántas películas estrenó DreamWorks Animation en la década de 2010?
How many movies released in 2017 ran longer than 150 minutes?
How many movies from the 1980s are rated 8 or higher?
Movies with a rating of 4 or lower since 2020
How many movies were produced in both the United States and the United Kingdom?
¿Cuántas películas son coproducciones de Francia y Bélgica?
¿Cuántas películas hicieron juntos Adam Sandler y Drew Barrymore?
How many feature films came out in 2003?
What was the total budget spent on horror films in 2019?
¿Cuánto se gastó en total en películas de terror en 2019?
How much did the Jurassic Park movies gross altogether?
How much did the Jurassic Park movies gross?
How much did Avatar gross?
¿Cuál es el número medio de votos de las películas estrenadas en 2022?
¿Cuántas películas de terror tienen una nota inferior a 5?
How many movies have no rating?
Which Pixar movie has the lowest rating?
¿Cuántas películas tienen una valoración media superior a 8 y más de 10000 votos?
¿Qué porcentaje de las películas de animación superan los 100 millones de recaudación?
Which 5 languages have the most movies after English?
Los 5 idiomas con más películas aparte del inglés
Movies released after 2015 in English
How many minutes longer is Titanic than Avatar?
¿Cuántos minutos más dura Titanic que Avatar?
¿Recaudó más Avatar que Titanic?
What percentage of movies released in 2019 were directed by women?
¿Qué porcentaje de las películas de 2019 fueron dirigidas por mujeres?
Horror movies directed by women since 2015
How many movies are still rumored?
¿Cuántas películas siguen en postproducción?
¿Cuál es el presupuesto más bajo de una película de Marvel Studios?
La recaudación más baja de 2019
Budget of the cheapest movie
What's the combined runtime of the Lord of the Rings movies?
¿Cuál es la duración total de las películas de The Lord of the Rings?
How many films had a budget of exactly 100 million?
¿Cuántas películas duran exactamente 90 minutos?
Directors with exactly 5 movies
¿Cuántas películas de animación hizo Walt Disney Pictures en los años 90?
How much money did Pixar make?
How much did the most expensive movie cost?
What is the standard deviation of runtime?
How many movies have more votes than Toy Story?
I'd like to know the average revenue of Walt Disney Animation Studios movies
Tell me which movie Quentin Tarantino released most recently
What's the total number of votes for Titanic?
Out of all 2017 movies, what share were comedies?
Del total de películas de 2017, ¿qué porcentaje fueron comedias?
How many movies were released on Christmas Day 2019?
Películas estrenadas el 25 de diciembre de 2019
Horror movies released on Halloween
Christmas movies from 2019
The Alien movies
Enumera las películas que dirigió Greta Gerwig después de 2018
¿Qué películas protagonizan Tom Cruise y Nicole Kidman?
How many non-English horror movies have over 1000 votes?
Horror movies not made in the US
Movies that were not made in 2019
How many movies are both comedy and horror?
¿Cuántas películas son a la vez comedia y terror?
On average, how many votes do Marvel Studios movies get?
¿Cuántos votos reciben de media las películas de Marvel Studios?
Percentage of movies from 2020 with no known revenue
Porcentaje de películas de 2020 sin recaudación conocida
Who directed the highest-grossing movie of 2017?
¿Quién dirigió la película más taquillera de 2017?
When was the longest movie of 2019 released?
¿Quién dirigió la película mejor valorada de los años 90?
What is the highest revenue ever recorded for a horror film?
Which animated movie had the best rating in 2019 (min 500 votes)?
Which company produced Titanic?
¿Qué productora hizo Titanic?
What's the release year of The Godfather?
Average budget by genre in 2019, top 3
Which films did Leonardo DiCaprio and Martin Scorsese make together?
Who played in the most movies in the database?
How many titles does the catalogue hold from 1999?
Movies directed by Greta Gerwig or Sofia Coppola
Películas dirigidas por Greta Gerwig o por Sofia Coppola
How many movies star Tom Hanks or Meg Ryan?
How many movies were released in the first half of 2019?
¿Cuántas películas se estrenaron en el primer semestre de 2019?
Horror movies of Q4 2018
Número de películas de 2019 por género, los 5 primeros
¿Qué proporción de las películas de terror tiene presupuesto conocido?
¿Cuál fue la primera película de Pixar en estrenarse?
What's the ROI of the most profitable movie of 2015?
¿Cuál es el ROI de la película con más beneficio de 2015?
What is the budget of the most expensive movie?
How many thrillers were released between 2000 and 2010 inclusive?
¿Cuántos thrillers se estrenaron entre 2000 y 2010, ambos incluidos?
How many movies does the database have in total?
¿Cuántas películas hay en total en la base de datos?
¿Cuál es el presupuesto conjunto de las películas de Star Wars?
¿Quién es el director más frecuente entre las películas de terror estrenadas después de 2000?
¿Qué porcentaje de las películas estrenadas en 2015 dura más de dos horas?
¿En qué películas aparecen tanto Matt Damon como Ben Affleck?
What percentage of 2010 movies ran longer than two hours?
What is Greta Gerwig's most recent film?
How many Woody Allen movies are there?
¿Qué películas de Tim Burton se estrenaron antes del 2000?
Películas posteriores al 2010
Comedias anteriores al 2000
Películas del 2000
Películas de terror de la década del 2000
¿Qué porcentaje de los estrenos de 2018 tuvo un presupuesto inferior a 5 millones?
¿Cuántos westerns se hicieron antes de 1970?
Movies prior 2010
Which year saw the most Spanish-language releases?
¿Qué año vio más estrenos de animación?
¿Qué porcentaje de las comedias se estrenó después de 2010?
What percentage of comedies were released after 2010?
¿Qué porcentaje de las películas que se estrenaron en 2015 son dramas?
What percentage of movies that were released in 2015 are dramas?
What share of the movies that came out in 2012 were comedies?
What is the standard deviation of runtime?
¿Cuál es la desviación típica del presupuesto de las películas de terror?
Standard deviation of budget by genre
Movies directed by Clint Eastwood that he also starred in
Películas dirigidas y protagonizadas por Clint Eastwood
How many movies did Clint Eastwood direct and star in?
Which actor starred in the most Clint Eastwood movies?
How many movies are neither comedy nor drama?
¿Cuántas películas no son ni de acción ni de aventura?
Movies with neither Tom Hanks nor Meg Ryan
List the movies of the Toy Story series
Películas de la saga Harry Potter
How many sequels does Toy Story have?
Which movies from 2017 lost money?
¿Qué películas de 2016 perdieron dinero?
How many movies were not profitable in 2018?
How many Pixar movies made money?
What percentage of 2017 movies lost money?
¿Qué porcentaje de las películas de 2015 fueron rentables?
Which films were box office bombs in 2019?
French movies not released in 2019
Películas francesas que no son de 2019
French movies with no votes
¿Cuántas películas de 2025 no tienen votos?
How many movies have exactly 100 votes?
Average budget of horror and comedy movies
¿Cuántas películas de acción y aventura hay?
romantic comedies from 2019
How many comedies and how many dramas were released in 2019?
¿Cuántas películas hizo Pixar y cuántas DreamWorks Animation?
What is the original language of Inception?
What language is Parasite in?
Which 3 original languages have the highest average revenue?
¿Cuántas películas en estado de rumor hay en la base de datos?
Directors who made a movie with Tom Hanks in the 1990s
Who directed the highest rated movie of 2010 with at least 1000 votes?
¿De qué géneros es Inception?
¿A qué género pertenece Titanic?
Valoración media por década desde 1960, las 3 primeras
What is the median profit of movies from 2015 that were flops?
What is the average ROI of horror movies but only the worst ones?
Number of movies by year but only the worst ones
¿Cuántas películas duran más que Titanic?
¿Cuántas películas tienen más votos que Toy Story?
Which 2019 movies made more money than Joker?
Películas de terror más taquilleras que Avatar
Is Titanic longer than Avatar?
Which movie is longer than Titanic?
¿Cuántas películas se estrenaron entre junio y agosto de 2019?
Movies released from March to May 2018
What is the average runtime of horror short movies?
On average, how long are documentaries?
Who directed the most expensive movie of 2018?
Who directed the most horror movies?
How many science fiction films came out between 2005 and 2010?
The 3 most profitable Marvel Studios movies
Which actor appears in the most movies from the 2000s?
What was the average runtime of dramas released in 1995?
Films directed by Greta Gerwig
Which 4 countries produced the most movies in 2010?
How many movies had a budget of exactly 100 million dollars?
What is the highest-grossing animated film?
How many Spanish-language movies were released after 2015?
Top 5 worst rated horror films with at least 500 votes
What's the total box office of Denis Villeneuve's films?
Which year had the most movies with a budget above 100 million?
Tom Hanks films from the 1990s
How many movies have no known runtime?
The 5 most voted Korean-language movies
Average rating of 2023 releases with more than 500 votes
What year did Jurassic Park come out?
Top 3 genres by average budget between 2010 and 2015
How many movies did Warner Bros. Pictures make in the 1980s?
Comedies from 2019 rated above 7.5 with at least 1000 votes
¿Cuántas películas de ciencia ficción salieron entre 2005 y 2010?
Las 3 películas de Marvel Studios con más beneficio
¿Qué actor sale en más películas de los años 2000?
¿Cuál fue la duración media de los dramas estrenados en 1995?
Películas dirigidas por Greta Gerwig
¿Qué 4 países produjeron más películas en 2010?
¿Cuántas películas tuvieron un presupuesto de exactamente 100 millones de dólares?
¿Cuál es la película de animación más taquillera?
¿Cuántas películas en español se estrenaron después de 2015?
Las 5 películas de terror peor valoradas con al menos 500 votos
¿Cuánto han recaudado en total las películas de Denis Villeneuve?
¿Qué año tuvo más películas con un presupuesto superior a 100 millones?
Películas de Tom Hanks de los noventa
¿Cuántas películas no tienen duración conocida?
Las 5 películas en coreano con más votos
Nota media de los estrenos de 2023 con más de 500 votos
¿En qué año salió Jurassic Park?
Los 3 géneros con mayor presupuesto medio entre 2010 y 2015
¿Cuántas películas hizo Warner Bros. Pictures en los años 80?
Comedias de 2019 con nota superior a 7,5 y al menos 1000 votos
how many films did Steven Spielberg direct in the 80s
Show me the ten most popular thrillers from 2021
Which director has made the most Marvel Studios films?
What is the longest movie of the 2010s?
List the animated movies from 2018
How many Leonardo DiCaprio movies made more than 500 million?
What percentage of 2019 movies are horror?
Which production company released the most movies in 2015?
Median runtime of documentaries
Movies with both Brad Pitt and George Clooney
Highest rated Martin Scorsese film with at least 1000 votes
How many movies in French came out before 1970?
The 5 cheapest movies that grossed over 100 million
What is the total budget of all the Star Wars movies?
How many movies were released in December 2019?
Top 3 years by total revenue of science fiction movies
What is Quentin Tarantino's highest-grossing film?
How many movies have a rating of 8 or higher and more than 5000 votes?
Romance movies from 2005 with over 1000 votes
average budget of movies by Lionsgate
cuántas películas dirigió Steven Spielberg en los 80
Muéstrame los diez thrillers más populares de 2021
¿Qué director ha hecho más películas de Marvel Studios?
¿Cuál es la película más larga de la década de 2010?
Lista las películas de animación de 2018
¿Cuántas películas de Leonardo DiCaprio recaudaron más de 500 millones?
¿Qué porcentaje de las películas de 2019 son de terror?
¿Qué productora estrenó más películas en 2015?
Duración mediana de los documentales
Películas con Brad Pitt y George Clooney juntos
La película de Martin Scorsese mejor valorada con al menos 1000 votos
¿Cuántas películas en francés salieron antes de 1970?
Las 5 películas más baratas que recaudaron más de 100 millones
¿Cuál es el presupuesto total de todas las películas de Star Wars?
¿Cuántas películas se estrenaron en diciembre de 2019?
Los 3 años con más recaudación total de películas de ciencia ficción
¿Cuál es la película más taquillera de Quentin Tarantino?
¿Cuántas películas tienen una nota de 8 o más y más de 5000 votos?
Películas románticas de 2005 con más de 1000 votos
presupuesto medio de las películas de Lionsgate
Which year did Titanic come out in?
what year was the movie Titanic released
what year was the best for horror movies
¿Cuándo se estrenó la película Titanic?
Which movies did Christopher Nolan direct after 2010?
How many movies over 3 hours long were released in the 2000s?
What is the average profit of Pixar movies?
Name the 5 highest rated documentaries with at least 200 votes
What's the combined runtime of The Lord of the Rings movies?
Which genre had the highest average revenue in 2016?
How many movies from India are there?
Top 2 directors by number of horror films
What was the first movie Tom Cruise starred in?
What is the most recent Wes Anderson film?
How many movies have an average rating of exactly 10?
Average number of votes of action movies from 2020
Movies from 2009 that are longer than Avatar
Which company produced the most science fiction films?
What share of comedies have a rating above 7?
How many thrillers did Alfred Hitchcock direct?
List Pedro Almodóvar's movies from the 2000s
Which year between 2000 and 2010 had the highest total box office?
What is the highest budget ever for a horror movie?
The 3 most popular movies produced in Spain
¿Qué películas dirigió Christopher Nolan después de 2010?
¿Cuántas películas de más de 3 horas se estrenaron en los 2000?
¿Cuál es el beneficio medio de las películas de Pixar?
Dime los 5 documentales mejor valorados con al menos 200 votos
¿Cuánto duran en total las películas de The Lord of the Rings?
¿Qué género tuvo la mayor recaudación media en 2016?
¿Cuántas películas de la India hay?
Los 2 directores con más películas de terror
¿Cuál fue la primera película que protagonizó Tom Cruise?
¿Cuál es la película más reciente de Wes Anderson?
¿Cuántas películas tienen una nota media de exactamente 10?
Número medio de votos de las películas de acción de 2020
Películas de 2009 que duran más que Avatar
¿Qué productora ha hecho más películas de ciencia ficción?
¿Qué porcentaje de las comedias tiene una nota superior a 7?
¿Cuántos thrillers dirigió Alfred Hitchcock?
Lista las películas de Pedro Almodóvar de los años 2000
¿Qué año entre 2000 y 2010 tuvo la mayor taquilla total?
¿Cuál es el mayor presupuesto de la historia para una película de terror?
Las 3 películas producidas en España más populares
los dramas peor valorados de 2010
Movies that are 2 hours long
long movies from 2010
whats the second highest grossing movie of 2012
How many movies not in English were released in 2018?
Horror movies with more than 5000 votes that were not released in the 2010s
bottom 5 movies by rating from 2020 with at least 300 votes
Which director made the highest-grossing movie of 2011?
How many movies have between 1000 and 2000 votes?
Average ROI of movies with a budget over 200 million
Which Pixar film has the lowest rating?
How many animated films did Walt Disney Pictures make?
Top 5 most voted movies that are neither action nor adventure
Which Steven Spielberg movies have a rating under 6.5?
What is the average budget of the movies Tom Cruise starred in?
How many movies from the United Kingdom came out in 2015?
What percentage of movies have a known budget?
Longest Japanese animated movie
How many movies were released on Christmas Day?
Total votes of all the Harry Potter movies
Which movie made more money, Titanic or Avatar?
Movies directed by women in 2019 with more than 1000 votes
how many films with Morgan Freeman are thrillers
cual es la segunda peli mas taquillera de 2012
¿Cuántas películas que no están en inglés se estrenaron en 2018?
Películas de terror con más de 5000 votos que no se estrenaron en los años 2010
las 5 películas con peor nota de 2020 con al menos 300 votos
¿Qué director hizo la película más taquillera de 2011?
¿Cuántas películas tienen entre 1000 y 2000 votos?
ROI medio de las películas con un presupuesto de más de 200 millones
¿Qué película de Pixar tiene la nota más baja?
¿Cuántas películas de animación hizo Walt Disney Pictures?
Las 5 películas con más votos que no son ni de acción ni de aventura
¿Qué películas de Steven Spielberg tienen una nota inferior a 6,5?
¿Cuál es el presupuesto medio de las películas protagonizadas por Tom Cruise?
¿Cuántas películas del Reino Unido salieron en 2015?
¿Qué porcentaje de películas tiene un presupuesto conocido?
La película japonesa de animación más larga
¿Cuántas películas se estrenaron el día de Navidad?
Votos totales de todas las películas de Harry Potter
¿Qué película recaudó más, Titanic o Avatar?
Películas dirigidas por mujeres en 2019 con más de 1000 votos
cuantas pelis con Morgan Freeman son thrillers
Which director made the highest-grossing movie of 2011?
Which actor starred in the most popular movie of 2019?
Which director made Titanic?
¿Qué director dirigió Titanic?
Which director made the most money in 2011?
Which director made the most horror movies?
How many movies weren't made in the 2000s?
how many horror movies didn't come out in the 90s
¿Cuántas películas no son de 2020?
Whats the budget of Avatar
How many movies came out the same year as Titanic?
What is the average rating of the 10 most expensive movies?
How much more did Avatar make than Titanic?
Who starred in Pulp Fiction?
How many directors have made more than 10 movies?
Which genre has the most movies in 2022?
What genres is Inception?
The 3 oldest movies in the database
How many movies in the database have more than 20000 votes?
Which Christopher Nolan movie had the smallest budget?
What is the ROI of Avatar?
How many movies were released between June and August 2018?
Top 5 actors by total box office
Which movie has the most votes of all time?
How many movies had a budget over 100 million but made less than 100 million?
Films by Hayao Miyazaki
What's the average popularity of Korean movies?
Most recent horror movie with over 1000 votes
How many documentaries are longer than 2 hours?
How many movies did Pixar and Walt Disney Pictures make together?
¿Cuántas películas salieron el mismo año que Titanic?
¿Cuál es la nota media de las 10 películas más caras?
¿Cuánto más recaudó Avatar que Titanic?
¿Quién actúa en Pulp Fiction?
¿Cuántos directores han hecho más de 10 películas?
¿Qué género tiene más películas en 2022?
¿De qué género es Inception?
Las 3 películas más antiguas de la base de datos
¿Cuántas películas de la base de datos tienen más de 20000 votos?
¿Qué película de Christopher Nolan tuvo el menor presupuesto?
¿Cuál es el ROI de Avatar?
¿Cuántas películas se estrenaron entre junio y agosto de 2018?
Los 5 actores con más taquilla total
¿Qué película tiene más votos de todos los tiempos?
¿Cuántas películas tuvieron un presupuesto de más de 100 millones pero recaudaron menos de 100 millones?
Películas de Hayao Miyazaki
¿Cuál es la popularidad media de las películas coreanas?
La película de terror más reciente con más de 1000 votos
¿Cuántos documentales duran más de 2 horas?
¿Cuántas películas hicieron juntas Pixar y Walt Disney Pictures?
Horror movies released in the same year as Scream
Which movies from the same year as Titanic made more money?
How many directors have made more than 10 movies?
¿Cuántos directores han hecho más de 10 películas?
How many actors have appeared in at least 20 movies?
How many countries produced movies in 2019?
How many genres are there?
¿Cuántas productoras tienen más de 50 películas?
How many directors made horror movies in 2020?
How many actresses have more than 10 movies?
How many genres does Inception have?
How many years has Pixar been making movies?
¿Cuántos idiomas distintos hay?
How many different countries are there?
How many directors are women?
How many studios made more than 100 movies?
¿Cuántos países produjeron películas en 2019?
How many fantasy movies were released in 2012?
The 4 longest war movies
Who directed Interstellar?
What's the median budget of action movies since 2015?
Movies starring Keanu Reeves from the 2010s
Top 3 genres by total revenue in 2018
How many movies did A24 release?
Which Ridley Scott film has the most votes?
Total runtime of all Pixar movies
How many movies made over a billion dollars in the 2010s?
Top 3 most profitable horror movies
How many movies from Japan are animated?
What was the highest rated movie of 1994 with at least 1000 votes?
How many actors have appeared in more than 15 movies?
Average rating of movies not released in the 2000s with at least 1000 votes
Which movies did Denis Villeneuve direct before 2015?
How many movies are shorter than 80 minutes?
Which language other than English has the highest average revenue?
What is the ROI of Joker?
5 most recent science fiction movies with more than 500 votes
¿Cuántas películas de fantasía se estrenaron en 2012?
Las 4 películas bélicas más largas
¿Quién dirigió Interstellar?
¿Cuál es la mediana del presupuesto de las películas de acción desde 2015?
Películas protagonizadas por Keanu Reeves de la década de 2010
Los 3 géneros con más recaudación total en 2018
¿Cuántas películas estrenó A24?
¿Qué película de Ridley Scott tiene más votos?
Duración total de todas las películas de Pixar
¿Cuántas películas recaudaron más de mil millones de dólares en los años 2010?
Las 3 películas de terror más rentables
¿Cuántas películas de Japón son de animación?
¿Cuál fue la película mejor valorada de 1994 con al menos 1000 votos?
¿Cuántos actores han aparecido en más de 15 películas?
Nota media de las películas que no son de los años 2000 con al menos 1000 votos
¿Qué películas dirigió Denis Villeneuve antes de 2015?
¿Cuántas películas duran menos de 80 minutos?
¿Qué idioma, aparte del inglés, tiene la mayor recaudación media?
¿Cuál es el ROI de Joker?
Las 5 películas de ciencia ficción más recientes con más de 500 votos
how many a24 movies are there
Top 5 MGM movies by revenue
Which movie other than Avatar made the most money in 2009?
Which languages other than English have the most movies?
How many movies have the keyword time travel?
¿Cuántas películas tienen la palabra clave viajes en el tiempo?
How many movies have the genre horror?
Movies with the keyword zombie from the 80s
Which director has the most movies with the keyword time travel?
What is the total revenue of movies with the keyword world war ii?
¿Cuántas películas tienen la palabra clave distopía?
La película más barata que recaudó más de mil millones de dólares
How many movies about small towns are there?
Movies about serial killers from the 1990s
How many films about haunted houses are in the catalogue?
Which movies about time loops are there?
How many movies about road trips were released after 2000?
List the movies about alien invasions from the 2010s
What is the average rating of movies about high schools?
How many movies about dysfunctional families are there?
Movies about sharks
Which movies about best friends came out in 2015 or later?
How many movies about martial arts are there?
What is the highest-grossing movie about dinosaurs?
¿Cuántas películas sobre asesinos en serie hay?
Películas sobre casas encantadas
¿Cuántas películas de tiburones hay?
Películas sobre robots de los 2000
¿Cuántas películas sobre artes marciales se estrenaron antes de 2000?
Películas sobre la Segunda Guerra Mundial de los años 60
¿Cuántas películas sobre invasiones alienígenas hay?
¿Cuántas películas sobre pueblos pequeños hay?
¿Cuál es la película sobre viajes espaciales más taquillera?
¿Cuántas películas sobre venganza hay?
Películas de vampiros de los 80
¿Cuál es la duración media de las películas sobre dragones?
Movies about sharks from 1990 or earlier
Películas de tiburones de 2000 o posteriores
Comedias de 1950 o anteriores
Horror movies from 2010 or later
How many movies about serial killers were released in the 2000s?
Which found footage movies came out in 2010 or later?
What is the average runtime of Christmas movies?
Top 5 highest-grossing movies about heists
How many movies did Steven Spielberg direct in the 1990s?
Which Pixar movie has the highest rating?
How many horror movies from 2018 have a runtime over 100 minutes?
What is the total revenue of movies about hitmen?
Movies about teenage girls
Which year had the most biography movies?
How many movies based on novels were released after 2015?
What is the median budget of movies about survival?
Who directed the most movies about World War II?
Average rating of cult films
How many movies set in New York City came out before 1980?
¿Cuántas películas sobre asesinos a sueldo hay?
Películas de atracos de los 2000
¿Cuál es la duración media de las películas navideñas?
Las 3 películas sobre supervivencia más taquilleras
¿Cuántas películas dirigió Steven Spielberg en los 80?
¿Cuántas películas de terror de 2010 o posteriores duran más de 120 minutos?
Películas sobre la Segunda Guerra Mundial de 2000 o posteriores
¿Qué director tiene más películas sobre asesinos en serie?
Presupuesto medio de las películas basadas en novelas
¿Cuántas películas de Pixar se estrenaron antes de 2010?
¿En qué año se estrenaron más películas de ciencia ficción?
Películas con Tom Hanks de 2000 o posteriores
¿Cuántas películas sobre adolescentes hay?
La película de 2019 con mayor presupuesto
¿Cuál es la valoración media de las películas de Christopher Nolan?
""".strip().splitlines()


def questions() -> list[str]:
    return list(dict.fromkeys(WRITTEN + templated()))


def reading(spec: QuerySpec) -> str:
    """What was understood, in one line: every field that differs from its default."""
    default = QuerySpec(language=spec.language, kind=spec.kind)
    return " ".join([spec.kind, *_fields(spec, default, skip=("language", "kind"))])


def _fields(value, default, skip: tuple[str, ...] = ()) -> list[str]:
    parts = []
    for field in fields(value):
        if field.name in skip:
            continue
        mine, theirs = getattr(value, field.name), getattr(default, field.name)
        if mine == theirs:
            continue
        if isinstance(mine, Filters):
            inner = _fields(mine, Filters())
            parts.append(f"{field.name}({' '.join(inner)})")
        else:
            parts.append(f"{field.name}={_shown(mine)}")
    return parts


def _shown(value) -> str:
    if isinstance(value, Linked):
        return value.name
    if isinstance(value, list | tuple):
        return "[" + ",".join(_shown(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{key}:{_shown(item)}" for key, item in value.items()) + "}"
    if hasattr(value, "__dataclass_fields__"):
        return "(" + ",".join(_shown(getattr(value, name)) for name in value.__dataclass_fields__) + ")"
    return str(value)


def read(parser: QuestionParser, question: str) -> str:
    try:
        return reading(parser.parse(question))
    except UnanswerableQuestion as refused:
        return f"refused: {refused.not_understood}" if refused.not_understood else "refused"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite ask_table.json from what the parser reads now")
    args = parser.parse_args(argv)
    question_parser = QuestionParser(name_index())
    rows = [[question, read(question_parser, question)] for question in questions()]
    if args.write:
        TABLE.write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    for question, understood in rows:
        print(f"{question}\n    {understood}")
    print(f"{len(rows)} questions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
