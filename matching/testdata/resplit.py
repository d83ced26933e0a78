"""Re-split the public sources (../shared/data/sources) into bench folders the
way the shared bench README describes (a quarter of entities never referred,
one random record per referred entity as the referral, ~10 % right and ~2 %
stale referral ids), on entity half A or B (md5 of the entity id): tune on A,
check on B. Also stress splits: half unreferred (_u50), fake without emails,
chicago without phones or streets.
usage: python3 resplit.py OUTDIR  -> OUTDIR/<src>_<half>_<seed>[_variant]/{referrals,entries}.csv
then:  refsync bench match --referrals D/referrals.csv --entries D/entries.csv --json --errors D/errors.csv"""
import csv, hashlib, random, sys, os
D='/work/shared/data/sources'
COLS=['first_name','last_name','email','phone','company','street','city','state','postal_code']
def chicago():
    for r in csv.DictReader(open(f'{D}/dedupe_chicago/chicago_early_childhood_half.csv', encoding='utf-8', errors='replace')):
        yield r['True Id'], dict(first_name=r['Center Director'], last_name=r['Executive Director'], email=r['Email Address'],
            phone=r['Phone'], company=r['Site name'], street=r['Address'], postal_code=r['Zip'])
def fake():
    for r in csv.DictReader(open(f'{D}/splink_fake_1000/fake_1000.csv')):
        yield r['cluster'], dict(first_name=r['first_name'], last_name=r['surname'], email=r['email'], city=r['city'])
def febrl(n):
    def g():
        for r in csv.DictReader(open(f'{D}/febrl/dataset{n}.csv'), skipinitialspace=True):
            r={k.strip():(v or '').strip() for k,v in r.items()}
            ent=r['rec_id'].split('-')[1]
            street=' '.join(x for x in (r['street_number'],r['address_1'],r['address_2']) if x)
            yield ent, dict(first_name=r['given_name'], last_name=r['surname'], street=street, city=r['suburb'],
                state=r['state'], postal_code=r['postcode'])
    return g
SRC={'chicago':chicago,'fake':fake,'febrl1':febrl(1),'febrl2':febrl(2),'febrl3':febrl(3)}
def half(ent): return 'AB'[int(hashlib.md5(ent.encode()).hexdigest(),16)%2]
def make(out, name, h, seed, unref=0.25, drop=()):
    rng=random.Random(f'{name}{h}{seed}')
    by={}
    for ent,rec in SRC[name]():
        if half(ent)!=h: continue
        rec={k:' '.join(str(v).split()) for k,v in rec.items()}
        for k in drop: rec[k]=''
        by.setdefault(ent,[]).append(rec)
    ents=sorted(by); rng.shuffle(ents)
    nun=int(len(ents)*unref)
    refs=[]; entries=[]
    for i,ent in enumerate(ents):
        recs=by[ent][:]; rng.shuffle(recs)
        if i>=nun:
            rid='R%06d'%(len(refs)+1)
            refs.append(dict(recs[0],referral_id=rid,entity=ent,member_code='M%04d'%rng.randrange(500)))
            recs=recs[1:]
        else: rid=None
        for r in recs:
            e=dict(r,entity=ent,referral_id='')
            x=rng.random()
            if rid and x<0.10: e['referral_id']=rid
            elif x>0.98: e['referral_id']='R9%05d'%rng.randrange(100000)
            entries.append(e)
    rng.shuffle(entries)
    for i,e in enumerate(entries): e['entry_id']='E%06d'%(i+1)
    d=f'{out}/{name}_{h}_{seed}'+('' if not drop else '_no'+'_'.join(drop))+('' if unref==0.25 else f'_u{int(unref*100)}')
    os.makedirs(d,exist_ok=True)
    with open(f'{d}/referrals.csv','w',newline='') as f:
        w=csv.DictWriter(f,['referral_id','external_id']+COLS+['member_code','entity'],extrasaction='ignore',restval=''); w.writeheader(); w.writerows(refs)
    with open(f'{d}/entries.csv','w',newline='') as f:
        w=csv.DictWriter(f,['entry_id','referral_id','external_id']+COLS+['member_code','entity'],extrasaction='ignore',restval=''); w.writeheader(); w.writerows(entries)
out=sys.argv[1]
for name in SRC:
    for h in 'AB':
        for seed in (1,2,3):
            make(out,name,h,seed)
    for h in 'AB':
        make(out,name,h,9,unref=0.5)
make(out,'fake','A',7,drop=('email',)); make(out,'fake','B',7,drop=('email',))
make(out,'chicago','A',7,drop=('phone',)); make(out,'chicago','B',7,drop=('phone',))
make(out,'chicago','A',8,drop=('street',)); make(out,'chicago','B',8,drop=('street',))
