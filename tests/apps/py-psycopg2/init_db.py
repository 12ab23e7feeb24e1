import os

import psycopg2

conn = psycopg2.connect(os.environ.get("DATABASE_URL", "postgresql://localhost/flask_db"))

# Open a cursor to perform database operations
cur = conn.cursor()

# Execute a command: this creates a new table
cur.execute("DROP TABLE IF EXISTS books;")
cur.execute(
    "CREATE TABLE books (id serial PRIMARY KEY,"
    "title varchar (150) NOT NULL,"
    "author varchar (50) NOT NULL,"
    "date_added date DEFAULT CURRENT_TIMESTAMP);"
)

# Insert data into the table
cur.execute(
    "INSERT INTO books (title, author) VALUES (%s, %s)",
    ("A Tale of Two Cities", "Charles Dickens"),
)

conn.commit()

cur.close()
conn.close()
