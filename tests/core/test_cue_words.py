"""Cue words for the context questions: phrases whose everyday meaning is not the question stay
out (an adult telling a child to stop is not the other child's no; a classmate is not an
audience), and the audience, mockery, control, force and refusal words practitioners write are read."""

from __future__ import annotations

import pytest

from screening.engine.cues import read
from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet

AUDIENCE, MOCKERY, POWER, IMAGES = "public-audience", "humiliating", "power-status", "images-online"
FORCE, REFUSED = "force-threats-bribes", "consent-refused"
ADULT = "adult-involved"

NOT_THE_QUESTION = [
    # a classmate, a time of day or a place is not an audience: nobody is said to have seen
    ("she has a boyfriend in her class", 9, AUDIENCE),
    ("there's a girl in his class he likes", 9, AUDIENCE),
    ("they hold hands at lunch and he made her a card", 9, AUDIENCE),
    ("he came to see me at break really embarrassed", 9, AUDIENCE),
    ("we kissed on the cheek at the park", 9, AUDIENCE),
    ("they were practising kissing at a sleepover", 9, AUDIENCE),
    ("he was in the garden shed with the dog", 9, AUDIENCE),
    ("we were watching a film as a family", 9, AUDIENCE),
    ("the rest of the group carried on playing", 9, AUDIENCE),
    ("he told her mum in the lounge", 9, AUDIENCE),
    ("the other boy shouted and told the class teacher", 9, AUDIENCE),  # who was told, not who saw
    ("the class TA took him to one side", 9, AUDIENCE),
    ("at lunchtime he went behind the shed with her", 9, AUDIENCE),  # a time, as "at lunch"
    # a threat to share is not yet an audience (the threat is the question about force)
    ("now he's saying he'll send it to everyone at her school", 11, AUDIENCE),
    ("he said he would send it to everyone on her list", 11, AUDIENCE),
    # a class doing something else, or a ranking "with comments", is not the class seeing it
    ("most of the class were watching a film while he took her behind the shelves", 8, AUDIENCE),
    ("they ranked the girls in the class out of 10 with comments", 11, AUDIENCE),
    ("she told me about it during carpet time", 7, AUDIENCE),  # where she said it, not where it happened
    # a place named as where something was heard, said or answered, not where it happened
    ("he asked what sex was because a boy said it on the bus", 8, AUDIENCE),
    ("she heard the word in the playground and asked her mum", 9, AUDIENCE),
    ("we answered the question box with the whole class", 10, AUDIENCE),
    ("he walked over from the canteen to ask me about it", 14, AUDIENCE),
    ("she was crying in the changing room before PE", 12, AUDIENCE),
    # where someone stood, or an adult's own act, is not an audience; nor is a threat to show
    ("she stood in front of the door so the other girl couldn't leave", 8, AUDIENCE),
    ("the pictures were deleted in front of both parents", 13, AUDIENCE),
    ("he threatened to send it to everyone in her year", 14, AUDIENCE),
    # two children together, or children busy with something else, are not onlookers
    ("the two boys went into the toilet and locked the door", 7, AUDIENCE),
    ("most of the class were watching a video when it happened behind the shelves", 9, AUDIENCE),
    ("they both went eww and ran off", 7, AUDIENCE),
    ("she has written two others to him this week", 8, AUDIENCE),  # a count of notes, not of people
    # the child's own excuse, fun and a film's rating are not mockery
    ("he sent a photo of his bum to his friend as a joke", 10, MOCKERY),
    ("she says it was just for a laugh with her mates", 10, MOCKERY),
    ("everyone cheered when he gave the bride a peck", 10, MOCKERY),
    ("she cheered up and went back out to play", 10, MOCKERY),
    ("an 18-rated film was on in the living room", 10, MOCKERY),
    ("she is more worried about the rumours than anything", 10, MOCKERY),
    ("she asked a question and a few of the others laughed", 10, MOCKERY),
    ("the film has a 15 age rating", 15, MOCKERY),
    # new things nobody is said to have given are not power over another child
    ("she came back with new trainers and a new iPhone", 15, POWER),
    # a drawing is not a photo
    ("he drew a picture of a willy on the back of his book", 10, IMAGES),
    ("she coloured in a picture of her family", 10, IMAGES),
    # an adult's "stop" is the persistence question's, not the other child's no
    ("the instructor told him to stop and he did it again", 7, REFUSED),
    ("I told them to stop and they went back to their game", 9, REFUSED),
    ("staff told him firmly to stop", 9, REFUSED),
    ("she was told to stop by the lunchtime supervisor", 9, REFUSED),
    ("we are telling him to stop every day", 5, REFUSED),
    # "get off" as a bus, a phone or a book list is not a refusal
    ("she gets off the bus at the end of our road", 14, REFUSED),
    ("the books she gets off booktok have sex scenes in them", 16, REFUSED),
    # an adult explaining a rule is not telling a child to show anything
    ("the teacher told him it's not ok to show our bottoms at school", 7, FORCE),
    ("it would make him laugh", 7, FORCE),
    # looking at someone's things, and boys talking among themselves, are not mockery
    ("she looks at his insta all the time", 14, MOCKERY),
    ("she pulled the leggings down to look at her nappy", 4, MOCKERY),
    ('he has started saying "suck my d***" at home', 10, MOCKERY),
    ("mum called her in for tea", 9, MOCKERY),
    # clothes that were down, staff naming what it was, and a threat made alone are not mockery
    ("one boy had his trousers and pants pulled down when they were found", 7, MOCKERY),
    ("both boys were spoken to about sexual harassment", 14, MOCKERY),
    ("she's worried he's being teased at school about his size", 12, MOCKERY),
    ("I called him over and asked what happened", 9, MOCKERY),
    # adults drawn, filmed, asked about or played with dolls are not an adult involved
    ("she drew a man and a lady lying down together", 8, ADULT),
    ("he watched a video of a man and woman doing it", 9, ADULT),
    ("he asked whether two men can get married", 7, ADULT),
    ("he put the man doll on top of the lady doll", 4, ADULT),
    ("he is doing what the man on the video did", 8, ADULT),
    ("she asked why the man's willy had hair on it", 5, ADULT),
    # an adult who saw, caught or stopped it reported or responded: that is not who did it
    ("the instructor told him to stop and he did it again", 7, ADULT),
    ("her stepdad caught him in the shed with the dog", 15, ADULT),
    ("since contact with her birth dad started she has been drawing willies", 7, ADULT),
    ("they were looking at pictures on grandad's phone", 4, ADULT),
    ("he's set his profile to say he's 18", 15, ADULT),
    # a young child's touching of a carer's body is what the GREEN lines describe (the question raises to RED)
    ("she pats my boobs and says mummy boobies at bedtime", 2, ADULT),
    ("he puts his hand down my top when we cuddle", 2, ADULT),
    # the writer's own no, a dog's dislike and an adult's opinion are not the other child's no
    ("when I said no he laughed and ran off", 5, REFUSED),
    ("we have said no and offered a cuddle instead", 9, REFUSED),
    ("the dog doesn't like it but he keeps trying", 4, REFUSED),
    ("I don't like it, he is a lot older than her", 15, REFUSED),
    ("I've blocked him on her phone", 12, REFUSED),
    ("the TA saw it and told them to stop", 9, REFUSED),
    ("he washed his sheets because he didn't want her to know", 12, REFUSED),  # privacy, not a no
    ("he doesn't want her to come round any more", 7, REFUSED),
    # a job, a youth leader and bribes are not power over the child
    ("he likes being in charge of handing out the fruit", 5, POWER),
    ("they dared each other to say bum to the leader", 7, POWER),
    ("a man online has been giving him Robux", 11, POWER),
    # laughter that eggs a toddler on, a whisper, a search, a question and a refusal of care are not force
    ("everyone was laughing, which made her do it more", 2, FORCE),
    ("she whispered shh or they'll hear us", 6, FORCE),
    ("he had searched for forced sex videos", 14, FORCE),
    ("he asked if it will hurt when the baby comes out", 7, FORCE),
    ("she screamed and wouldn't let me wipe her", 2, FORCE),
    ("they hold hands down the corridor every morning", 17, FORCE),
    ("a restorative meeting was offered to the girls if they want it", 15, FORCE),
    ("he told her not to tell anyone or he'd lose his job", 16, FORCE),
]

THE_QUESTION = [
    ("two of them dry humped on the sofa while the others watched and cheered", 12, AUDIENCE),
    ("he forced his tongue in her mouth. Several people saw.", 12, AUDIENCE),
    ("he posted the nude into a group chat of about 30 students", 12, AUDIENCE),
    ("screenshots were passed round the year group", 12, AUDIENCE),
    ("he pulled his shorts down infront of everyone", 12, AUDIENCE),
    ("he mooned the cars out of the back window", 12, AUDIENCE),
    ("she wiggled her bum at everyone at the party", 12, AUDIENCE),
    ("she posts dance videos on a public account", 12, AUDIENCE),
    ("he drew a willy and showed it to his table", 12, AUDIENCE),
    ("he showed the class his willy", 9, AUDIENCE),
    ("the whole class saw him pull his trousers down", 9, AUDIENCE),
    ("he did it in front of the class", 9, AUDIENCE),
    ("the class watched while he did it", 9, AUDIENCE),
    # others reacting: the sign that someone saw, wherever it was
    ("the other children have started to notice", 7, AUDIENCE),
    ("other kids half laughing, half uncomfortable", 15, AUDIENCE),
    ("the others were giggling and one went to tell", 9, AUDIENCE),
    ("he did it to make the class laugh", 8, AUDIENCE),
    ("a few giggles from the rest of the class", 16, AUDIENCE),
    ("he wiggled his bum at his friends, they all fell about laughing", 6, AUDIENCE),
    # others in the room at home
    ("he rubs himself while we're all watching TV", 10, AUDIENCE),
    ("on the sofa when the others were in the room", 14, AUDIENCE),
    # onlookers named by who they were, what they did, or how many
    ("a few kids went oooh when they kissed at the gate", 12, AUDIENCE),
    ("he wiggled his bottom at the boys behind him, who laughed", 7, AUDIENCE),
    ("two girls on the next table noticed and started giggling", 12, AUDIENCE),
    ("about twenty children were standing round watching", 9, AUDIENCE),
    ("he showed it to three other children in the cloakroom", 9, AUDIENCE),
    ("the mums on the touchline heard every word", 12, AUDIENCE),
    ("half the class heard what he called her", 14, AUDIENCE),
    ("some of them laughed and one told a teacher", 9, AUDIENCE),
    # showing or telling a group, or doing it at them
    ("she lifted her dress to show her friends her new pants", 6, AUDIENCE),
    ("he got his phone out and showed the lads next to him a clip", 12, AUDIENCE),
    ("she has been telling others in the class what sex is", 8, AUDIENCE),
    ("he was overheard telling a group of younger ones about it", 14, AUDIENCE),
    ("he keeps making moaning noises at the girls", 14, AUDIENCE),
    ("he was waving it at the other Year 3 boys", 8, AUDIENCE),
    ("he AirDropped the clip to several pupils", 12, AUDIENCE),
    ("the note went round the class", 11, AUDIENCE),
    # others present at home or in a shared space
    ("he does it on the settee when we've got people round", 7, AUDIENCE),
    ("she did it again when my sister was visiting", 7, AUDIENCE),
    ("he talks about it at tea while his little brother is sitting right there", 15, AUDIENCE),
    ("they were kissing on the beanbags in a shared space", 16, AUDIENCE),
    ("she sent it to the class WhatsApp", 9, AUDIENCE),
    ("they played spin the bottle in the tent", 12, AUDIENCE),
    ("he got it out on a group FaceTime with five mates", 16, AUDIENCE),
    # a picture or video that others have seen
    ("there's a video going round of her at the party", 15, AUDIENCE),
    ("a video is circulating in Y9", 14, AUDIENCE),
    ("he shared them in a group chat", 15, AUDIENCE),
    ("it had several hundred views", 15, AUDIENCE),
    ("he was bragging to everyone at the club", 14, AUDIENCE),
    ("they hold hands in the tuck shop queue", 12, AUDIENCE),
    ('he said "suck my dick" to a girl in the lunch queue', 12, MOCKERY),
    ("now some of the lads are calling her names", 12, MOCKERY),
    ("he has been spreading rumours about her", 12, MOCKERY),
    ("about 15 pupils were watching, some chanting", 12, MOCKERY),
    ("he was overheard telling people she's easy", 12, MOCKERY),
    ("a group chat ranking the girls in the year by looks", 12, MOCKERY),
    ("the lads have a group chat rating girls in year 11", 15, MOCKERY),
    ("they were rating the girls out of ten", 15, MOCKERY),
    ("he checks her phone and tells her what she can wear", 15, POWER),
    ("the girl who babysits on Fridays plays a game with him", 15, POWER),
    ("he says she owes him for the flat", 15, POWER),
    ("she writes explicit stories on Wattpad", 13, IMAGES),
    ("he has been googling how to have sex", 13, IMAGES),
    ("he searched hentai", 13, IMAGES),
    ("a year 6 boy asked a girl to send him a picture of her boobs", 10, IMAGES),
    ("she sent a picture of herself in her bra", 10, IMAGES),
    ("there was an image of a naked woman on the screen", 10, IMAGES),
    # the other child saying stop or no, whoever writes it
    ("the girls have told him to stop and complained to staff", 9, REFUSED),
    ("they told him to stop but he laughed", 11, REFUSED),
    ("his sister told him to stop", 8, REFUSED),
    ("the other child was telling her to stop", 6, REFUSED),
    ("she was screaming get off me", 8, REFUSED),
    ("he kept shouting 'get off'", 11, REFUSED),
    ("she backed away from him", 12, REFUSED),
    # bribes, tricks, threats and pressure
    ("he had been giving her Robux to go on video", 11, FORCE),
    ("a man was sending her vouchers", 14, FORCE),
    ("he keeps topping up her phone", 14, FORCE),
    ("he gives her stuff so she does things for him", 13, FORCE),
    ("he said he'd let him play on his Switch if he touched it", 4, FORCE),
    ("he told her it was a game and not to tell", 6, FORCE),
    ("he told him nobody would believe him", 12, FORCE),
    ("he says no one will believe her if she tells", 12, FORCE),
    ("her boyfriend kept on at her to send a picture", 15, FORCE),
    ("he talked her into going to the shed", 13, FORCE),
    ("the older boys made him do it", 9, FORCE),
    ("she makes him put his hand there", 6, FORCE),
    ("he made her send him a photo", 14, FORCE),
    ("he grabbed her by the wrist and pulled her in", 14, FORCE),
    # name-calling, remarks, harassment, mockery, sharing round
    ("he called her a slag in front of the class", 13, MOCKERY),
    ("they keep calling him a pervert", 13, MOCKERY),
    ("lads commenting on her body as she walked past", 14, MOCKERY),
    ("he catcalled girls from the bus stop", 15, MOCKERY),
    ("logged as sexual harassment", 13, MOCKERY),
    ("he has been harassing girls in his form", 13, MOCKERY),
    ("the other boys were making fun of his willy", 11, MOCKERY),
    ("the video is circulating around year 10", 15, MOCKERY),
    ("they put it on their snap story", 14, MOCKERY),
    ("he forwarded the picture to his mates", 15, MOCKERY),
    ("she shouted look at his willy", 4, MOCKERY),
    ("they were making comments about her bra size", 13, MOCKERY),
    ("they rated the girls with a score out of ten", 14, MOCKERY),
    ("he yanked his shorts down", 10, MOCKERY),
    ("boys flicking girls' skirts up", 8, MOCKERY),
    # someone else's clothes pulled down, onlookers laughing, filming it, sending it on
    ("he pulled another boy's shorts down in the line", 7, MOCKERY),
    ("two of them pulled a girl's leggings down at the park", 10, MOCKERY),
    ("they filmed him with his trousers pulled down", 11, MOCKERY),
    ("the others stood round watching and laughing", 12, MOCKERY),
    ("one held her arms while another filmed it", 13, MOCKERY),
    ("in front of his mates, who laughed", 11, MOCKERY),
    ("he AirDropped the photo to everyone in the library", 14, MOCKERY),
    ("he forwarded her nude to a Snapchat group", 15, MOCKERY),
    ("he told his friends he did it to teach her a lesson", 16, MOCKERY),
    ("he posted it after they split up", 16, MOCKERY),
    # rape jokes and sexual name-calling
    ("he keeps making rape jokes in class", 15, MOCKERY),
    ("someone wrote that she sucks dick on the toilet door", 14, MOCKERY),
    ("he called two girls a sexy bitch", 9, MOCKERY),
    ("they say show us your tits when she walks past", 13, MOCKERY),
    ("she is getting teased by the others about it", 10, MOCKERY),
    # an adult or a person in a position of trust, named by role or by what a child said they did
    ("the under-14s coach has been messaging him late at night", 12, ADULT),
    ("she says her PE teacher gives her lifts home", 16, ADULT),
    ("she has been seeing Mr T from the science department", 15, ADULT),
    ("she said grandad touches my minnie when nanny is out", 4, ADULT),
    ("she said daddy showed me how to rub it", 4, ADULT),
    ("she said man hurt and pointed to her nappy", 2, ADULT),
    ("a video of a kid doing sex stuff with a grown-up", 11, ADULT),
    ("he rubs himself against my leg at story time", 4, ADULT),
    ("he keeps sitting on the female volunteers' laps", 11, ADULT),
    ("mum found pictures of her on her boyfriend's phone", 3, ADULT),
    # the other child's no, however it is written
    ("when Zac said no, Harvey pulled his shorts down", 4, REFUSED),
    ("he moves away and tells her no", 8, REFUSED),
    ("a dick pic she hadn't asked for", 13, REFUSED),
    ("she said no and blocked him on snap", 14, REFUSED),
    ("some of the toddlers don't like it", 2, REFUSED),
    ("he had begged them to stop", 14, REFUSED),
    ("he held on when she screamed", 4, REFUSED),
    ("one of the girls turned round and told them to stop", 14, REFUSED),
    ('she was heard saying "no I don\'t want to"', 5, REFUSED),
    # a position of trust, being outnumbered, unexplained money and control
    ("her swimming coach has been texting her", 14, POWER),
    ("she is in a relationship with one of the PE staff", 17, POWER),
    ("she was surrounded by four older boys", 13, POWER),
    ("she came home with a wad of cash", 15, POWER),
    ("he told her to stop wearing skirts", 15, POWER),
    ("he wants to know where she is every minute", 15, POWER),
    ("the 12 year old who helps out with the little ones", 12, POWER),
    ("she laughed along because she didn't want to lose the placement", 14, POWER),
    ("he says he'll lose his job if anyone finds out", 16, POWER),
    # conditions, debts, lures, tricks and prizes
    ("if she doesn't they won't be her friends any more", 12, FORCE),
    ("they say if they don't they'll get beaten up", 11, FORCE),
    ("he says he owes them and has to pay it off", 16, FORCE),
    ("he offered him Pokemon cards to pull his pants down", 5, FORCE),
    ("he asked if she wanted to see the puppies in his van", 7, FORCE),
    ("he said she'd do it if she really loved him", 17, FORCE),
    ("he says everyone else's girlfriend does it", 15, FORCE),
    ("he blocked the toilet door", 4, FORCE),
    ("they told him he'd get a prize", 7, FORCE),
    ("he told her it was a doctor game", 8, FORCE),
    ("she said it's medicine and to swallow it", 6, FORCE),
    ("he said if you tell I'll hurt your little brother", 8, FORCE),
    ("she said she can't tell or the monsters will get mummy", 4, FORCE),
]


@pytest.fixture(scope="module")
def shipped() -> RuleSet:
    return load_ruleset()


@pytest.mark.parametrize(("text", "age", "factor"), NOT_THE_QUESTION)
def test_everyday_meanings_are_not_the_question(shipped: RuleSet, text: str, age: int, factor: str) -> None:
    assert factor not in read(shipped, text, age).affirmed()


@pytest.mark.parametrize(("text", "age", "factor"), THE_QUESTION)
def test_practitioners_words_for_the_question_are_read(shipped: RuleSet, text: str, age: int, factor: str) -> None:
    assert factor in read(shipped, text, age).affirmed()


def test_an_adults_stop_stays_with_persistence(shipped: RuleSet) -> None:
    found = read(shipped, "the instructor told him to stop, he got up and then did it again", 7).affirmed()
    assert "consent-refused" not in found


def test_a_denied_bribe_or_trick_never_counts(shipped: RuleSet) -> None:
    for text in ("nobody gave her vouchers", "he never told her it was a game", "he didn't talk her into it"):
        assert FORCE not in read(shipped, text, 12).affirmed(), text
