#!/usr/bin/env python3
"""How to index Chinese, Japanese and Korean text for search, measured: FTS5's unicode61
tokenizer over the text with each CJK run written as its pairs of characters (what
Commonplace does, see core/src/words.rs), against FTS5's trigram tokenizer, which cannot
match fewer than three characters and so needs a scan (LIKE over the text) for two.
20,000 documents of about 800 characters of Chinese each, with some English between.
Prints the index size, the time to build it and the time of queries of two and three
characters. Run by hand: python3 docs/measure/cjk-index.py (needs Python's sqlite3 with
FTS5 and dbstat, as Debian's has)."""
import sqlite3, random, time, os
random.seed(7)
print(sqlite3.sqlite_version)
han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
words_en = "the harbor ferry night council vote riders bridge morning service".split()
def bigram(text):
    out=[]; run=[]
    def flush():
        if run:
            out.append(' ')
            out.append(' '.join(run[i]+run[i+1] for i in range(len(run)-1)) if len(run)>1 else run[0])
            out.append(' ')
            run.clear()
    for c in text:
        if 0x4E00 <= ord(c) <= 0x9FFF: run.append(c)
        else: flush(); out.append(c)
    flush(); return ''.join(out)
docs=[]
for i in range(20000):
    parts=[]
    for s in range(12):
        parts.append(''.join(random.choice(han) for _ in range(random.randint(8,30))))
        parts.append('，' if s%3 else '。')
        if s%4==0: parts.append(' '+' '.join(random.choice(words_en) for _ in range(5))+' ')
    docs.append(''.join(parts))
text_bytes=sum(len(d.encode()) for d in docs)
print('docs', len(docs), 'text MB', round(text_bytes/1e6,1))
def build(name, tok, transform):
    path=f'/tmp/cjk_{name}.db'
    if os.path.exists(path): os.remove(path)
    db=sqlite3.connect(path)
    db.execute(f"CREATE VIRTUAL TABLE s USING fts5(text, content='', tokenize='{tok}')")
    t=time.time()
    db.executemany("INSERT INTO s(rowid, text) VALUES (?, ?)", ((i, transform(d)) for i,d in enumerate(docs)))
    if name == 'trigram':
        db.execute("CREATE TABLE plain(id INTEGER PRIMARY KEY, text TEXT)")
        db.executemany("INSERT INTO plain VALUES (?, ?)", enumerate(docs))
    db.commit(); built=time.time()-t
    db.execute("VACUUM")
    plain = 0
    if name == 'trigram':
        plain = db.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'plain'").fetchone()[0] or 0
    db.close()
    return path, built, (os.path.getsize(path)-plain)/1e6
res={}
for name,tok,tr in [('bigram','unicode61 remove_diacritics 2',bigram),('trigram','trigram',lambda d:d)]:
    path,built,size=build(name,tok,tr); res[name]=path
    print(name, 'build s', round(built,2), 'size MB', round(size,1))
# queries: pick substrings present in docs
q2=[docs[random.randrange(len(docs))][k:k+2] for k in range(0,60,5)]
q3=[docs[random.randrange(len(docs))][k:k+3] for k in range(0,60,5)]
q2=[q for q in q2 if all(0x4E00<=ord(c)<=0x9FFF for c in q)][:8]
q3=[q for q in q3 if all(0x4E00<=ord(c)<=0x9FFF for c in q)][:8]
def timeit(db, sql, args, n=3):
    best=1e9; rows=None
    for _ in range(n):
        t=time.time(); rows=db.execute(sql,args).fetchall(); best=min(best,time.time()-t)
    return best*1000, len(rows)
for name in res:
    db=sqlite3.connect(res[name])
    for label,qs in [('2 chars',q2),('3 chars',q3)]:
        ts=[];ns=[]
        for q in qs:
            if name=='bigram':
                expr='"'+bigram(q).strip()+'"'
                ms,n=timeit(db,"SELECT rowid FROM s WHERE s MATCH ? LIMIT 50",(expr,))
            else:
                if len(q)<3:
                    # trigram cannot match fewer than 3 characters: LIKE over the index scans it
                    ms,n=timeit(db,"SELECT id FROM plain WHERE text LIKE ? LIMIT 50",('%'+q+'%',))
                else:
                    ms,n=timeit(db,"SELECT rowid FROM s WHERE s MATCH ? LIMIT 50",('"'+q+'"',))
            ts.append(ms); ns.append(n)
        ts.sort()
        print(name,label,'median ms',round(ts[len(ts)//2],2),'max',round(ts[-1],2),'hits',ns)
