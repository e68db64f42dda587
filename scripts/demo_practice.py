#!/usr/bin/env python3
"""Fills a fresh practice with 18 months of a Bucharest accounting firm's referral work,
using only `refer` commands. Deterministic: the same seed gives the same practice.

Usage: demo_practice.py REFER_BINARY PRACTICE_DIR CONTACTS_VCF
"""
import datetime as dt
import random
import subprocess
import sys

refer, practice, vcf = sys.argv[1:4]
random.seed(18)
START = dt.datetime(2025, 5, 5, 9, 0)
END = dt.datetime(2026, 11, 20, 17, 0)


def run(*args):
    result = subprocess.run([refer, *args, "--practice", practice], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"refer {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def when(t):
    return t.strftime("%Y-%m-%d %H:%M")


def day(t):
    return t.strftime("%Y-%m-%d")


run("import", vcf)
# The imported network was built over the years before the period shown.
for contact_id in range(1, 31):
    run("contact", "edit", str(contact_id), "--added", day(dt.datetime(2023, 1, 10) + dt.timedelta(days=23 * contact_id)))

# 12 professionals and 2 clients are cultivated as sources (ids are import order).
tiers = {1: "A", 4: "A", 7: "A", 2: "B", 3: "B", 5: "B", 6: "B", 8: "B", 9: "B", 10: "C", 11: "C", 12: "C", 16: "A", 21: "B"}
benefits = {
    "attorney": "We send their clients' contracts and disputes their way",
    "banker": "Clean books make their loan files easy to approve",
    "insurance broker": "Introductions to our clients who outgrow their cover",
    "financial adviser": "Founders who sell their business need wealth advice",
    "accountant": "Our overflow work in the busy months",
    "real-estate agent": "Clients buying commercial property",
    "IT consultant": "Clients whose systems need modernising",
    "notary": "Property and company deals",
    "HR consultant": "Clients hiring their first managers",
    "bakery": "A thank-you gift and our gratitude",
    "dental clinic": "A thank-you gift and our gratitude",
}
partner_of = {}
for contact_id, tier in tiers.items():
    shown = run("contact", "show", str(contact_id), "--json")
    category = shown.split('"category" : "')[1].split('"')[0] if '"category" : "' in shown else ""
    args = ["partner", "add", str(contact_id), "--tier", tier,
            "--since", day(dt.datetime(2024, 1, 15) + dt.timedelta(days=29 * len(partner_of))),
            "--action", "Call the prospect within a day of the introduction",
            "--action", "Set up a three-way meeting when it helps"]
    if category in benefits:
        args += ["--benefit", benefits[category]]
    if tier == "A":
        args += ["--plan", "a-list-quarterly"]
    run(*args)
    partner_of[contact_id] = len(partner_of) + 1

given = ["Adrian", "Bianca", "Claudiu", "Denisa", "Eugen", "Flavia", "Horia", "Ilinca", "Iulian", "Jana",
         "Laurențiu", "Monica", "Nicolae", "Otilia", "Petru", "Roxana", "Sebastian", "Teodora", "Valentin", "Zoe"]
family = ["Avram", "Bălan", "Cojocaru", "Drăgan", "Filip", "Grigore", "Husar", "Lazăr", "Mocanu", "Olteanu",
          "Pîrvu", "Rusu", "Stoica", "Tănase", "Ursu", "Vlad", "Zamfir", "Cârstea", "Oprea", "Ștefănescu"]
trades = ["bakery", "logistics", "software", "dental clinic", "construction", "e-commerce", "restaurant", "pharmacy", "printing", "consulting"]
weights = {"A": 5, "B": 2, "C": 1}
sources = list(tiers.keys())
next_contact = 31
next_referral = 1
won = []
referral_partner = {}

gifts = [("Fetească Neagră, Davino 2019", "95", "wine"), ("Cinema tickets for two", "60", "experience"),
         ("Cozonac from Dobre Patiserie", "45", "food"), ("Bucharest architecture book", "120", "book"),
         ("Dinner voucher, Caru' cu bere", "250", "experience"), ("Tax planning guide", "40", "book"),
         ("Cheese board from Transylvania", "80", "food"), ("Craft gin set", "140", "drink")]
for name, cost, category in gifts:
    run("gift", "add", name, "--cost", cost, "--category", category, *(["--sold"] if category == "book" and "Tax" in name else []))
given_gifts = {}

t = START
while t < END:
    t += dt.timedelta(days=random.randint(9, 20), hours=random.randint(0, 6))
    if t >= END:
        break
    source = random.choices(sources, [weights[tiers[s]] for s in sources])[0]
    name = f"{random.choice(given)} {random.choice(family)}"
    trade = random.choice(trades)
    run("contact", "add", name, "--kind", "prospect", "--category", trade, "--added", when(t),
        "--email", f"office{next_contact}@{trade.replace(' ', '')}{next_contact}.ro", "--source", f"referral from partner {partner_of[source]}")
    prospect = next_contact
    next_contact += 1
    run("referral", "add", "--prospect", str(prospect), "--partner", str(partner_of[source]), "--arrived", when(t))
    rid = next_referral
    next_referral += 1
    referral_partner[rid] = partner_of[source]
    age = (END - t).days
    slow = random.random() < 0.2
    step = t + dt.timedelta(days=random.randint(6, 9) if slow else random.randint(0, 2), hours=random.randint(1, 5))
    if random.random() < 0.8:
        run("referral", "edit", str(rid), "--thanked", when(t + dt.timedelta(hours=random.choice([2, 4, 26, 72]))))
    if age < 6:
        continue  # still received
    if random.random() < 0.12:
        run("referral", "status", str(rid), "passed-on", "--at", when(step), "--to", "Elena Matei", "--note", "Too busy; passed to a trusted colleague")
        continue
    run("referral", "status", str(rid), "contacted", "--at", when(step))
    if age < 20:
        continue
    if random.random() < 0.2:
        run("referral", "status", str(rid), "lost", "--at", when(step + dt.timedelta(days=5)), "--note", "Chose a cheaper bookkeeper")
        continue
    meeting = step + dt.timedelta(days=random.randint(4, 12))
    run("referral", "status", str(rid), "meeting", "--at", when(meeting))
    if age < 45:
        continue
    outcome = meeting + dt.timedelta(days=random.randint(5, 25))
    if random.random() < 0.7:
        run("referral", "status", str(rid), "won", "--at", when(outcome))
        run("referral", "edit", str(rid), "--value", str(random.randrange(1200, 9600, 100)), "--outcome", "Monthly bookkeeping and payroll")
        won.append(prospect)
        partner = referral_partner[rid]
        choices = [g for g in range(1, 9) if g not in given_gifts.get(partner, set()) and g != 6]
        if choices:
            gift = random.choice(choices)
            given_gifts.setdefault(partner, set()).add(gift)
            run("gift", "give", str(gift), "--partner", str(partner), "--referral", str(rid), "--at", when(outcome + dt.timedelta(days=1)))
    else:
        run("referral", "status", str(rid), "lost", "--at", when(outcome), "--note", "Stayed with their current accountant")

# The newest referrals, still open: one waiting too long for a first response (R4).
for days_ago, partner, status in [(12, 2, None), (3, 1, "contacted"), (1, 3, None)]:
    at = END - dt.timedelta(days=days_ago)
    name = f"{random.choice(given)} {random.choice(family)}"
    run("contact", "add", name, "--kind", "prospect", "--category", "consulting", "--added", when(at),
        "--email", f"office{next_contact}@consulting{next_contact}.ro")
    run("referral", "add", "--prospect", str(next_contact), "--partner", str(partner), "--arrived", when(at))
    if status:
        run("referral", "status", str(next_referral), status, "--at", when(at + dt.timedelta(hours=3)))
    next_contact += 1
    next_referral += 1

# R12: the first client won through a referral becomes a source too.
run("partner", "promote", str(won[0]), "--tier", "B")

# Outbound: clients the practice sent to other professionals (R14).
for client, colleague, month in [(17, 1, 6), (19, 4, 9), (20, 10, 11), (22, 6, 14), (23, 11, 16)]:
    at = START + dt.timedelta(days=30 * month)
    run("referral", "add", "--outbound", "--prospect", str(client), "--to", str(colleague), "--arrived", when(at))

# Touches: relationship touches with partners, service touches with clients (R17).
for contact_id, tier in tiers.items():
    gap = {"A": 35, "B": 60, "C": 110}[tier]
    at = START + dt.timedelta(days=random.randint(0, 20))
    while at < END:
        channel = random.choice(["meeting", "phone", "email"])
        run("touch", "add", str(contact_id), "--channel", channel, "--purpose", "relationship", "--at", when(at),
            "--note", random.choice(["Lunch; caught up on their practice", "Shared an article they liked", "Asked how we can help their clients"]))
        at += dt.timedelta(days=gap + random.randint(-7, 10))
for contact_id in range(16, 24):
    at = START + dt.timedelta(days=random.randint(0, 30))
    while at < END:
        run("touch", "add", str(contact_id), "--channel", random.choice(["phone", "email"]), "--purpose", "service", "--at", when(at),
            "--note", random.choice(["Month-end close", "VAT return questions", "Payroll changes", "Year-end planning"]))
        at += dt.timedelta(days=random.randint(25, 45))

# Visibility: about one thing a month, with two quiet months (R1).
topics = [("talk", "Cash flow for small firms", "Chamber of Commerce"), ("article", "Five VAT traps for e-shops", "Ziarul Financiar readers"),
          ("meeting", "BNI breakfast", "BNI Bucharest Centre"), ("community", "Pro bono clinic for NGOs", "Local NGOs"),
          ("talk", "Hiring your first employee", "Start-up meetup"), ("article", "What your banker reads in your books", "LinkedIn")]
month = dt.datetime(2025, 5, 12, 18, 0)
for i in range(19):
    if i not in (7, 13):
        kind, title, audience = topics[i % len(topics)]
        run("activity", "add", kind, title, "--at", when(month), "--audience", audience)
    month = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=12)

# One appreciation event for the best clients and partners (R21).
run("event", "add", "Wine tasting at Davino", "--at", "2026-05-14 19:00", "--venue", "Davino cellar, Ceptura", "--cost", "2400")
invitees = ["1", "4", "7", "16", "18", "21", "2", "3", "5", "17", "19", "20"]
run("event", "invite", "1", *invitees)
run("event", "attend", "1", "1", "4", "7", "16", "18", "21", "3", "17", "20")
run("event", "edit", "1", "--follow-up", "Two introductions within a month; Bogdan sent a referral in June")

# Follow-up tasks.
run("task", "add", "Call Radu to thank him for the latest introduction", "--due", "2026-11-23 10:00", "--contact", "1")
run("task", "add", "Send the referral kit to Irina", "--due", "2026-11-25 09:00", "--contact", "5")
run("task", "add", "Plan the spring appreciation event", "--due", "2027-01-15 09:00")
run("task", "add", "Quarterly lunch with Victor", "--due", "2026-12-03 13:00", "--contact", "7")
run("task", "add", "Update the practice profile", "--due", "2026-09-01 09:00")
run("task", "done", "5")
print(f"demo practice: {next_contact - 1} contacts, {len(partner_of) + 1} partners, {next_referral - 1 + 5} referrals")
