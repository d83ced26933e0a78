package matching

import "strings"

// nicknameGroups is refsync's own list of English given names and their common
// short forms (written for this project, no third-party list). Each line is one
// group; a name may sit in several groups (al: albert, alan, alexander).
const nicknameGroups = `
abigail abby abbie gail
alexander alex alec alick sandy xander al
alexandra alex alexa sandra sandy lexi
albert al bert bertie
alan allan allen al
alfred alf alfie fred freddie
andrew andy drew
anthony tony ant
antonia toni
barbara barb babs
benjamin ben benny benji
bernard bernie
catherine kate katie kathy cathy cath kat katherine kathryn kitty
charles charlie chuck chas chaz
charlotte lottie charlie
christopher chris kit topher
christine chris chrissy tina christina kristina
daniel dan danny
david dave davey
deborah debbie deb debra
donald don donnie
dorothy dot dottie
douglas doug
edward ed eddie ted teddy ned
edmund ed eddie ned
elizabeth liz lizzie beth betty betsy eliza libby lisa elise bess bessie
eleanor ellie nora ella nell
emily em emmy millie
frances fran frankie fanny
francis frank fran frankie
frederick fred freddie freddy
gabriel gabe
gabrielle gabby
gregory greg
harold harry hal
henry harry hank hal
isabel isabella izzy bella belle isobel
jacob jake
james jim jimmy jamie jim
jennifer jen jenny
jessica jess jessie
john jack johnny jon
jonathan jon jonny nathan
joseph joe joey jo
josephine jo josie
joshua josh
judith judy jude
katherine kate katie kathy kat
kenneth ken kenny
lawrence larry laurie
leonard len lenny leo
louis lou
louise lou lulu
margaret maggie meg peggy marge madge greta
matthew matt matty
michael mike mikey mick micky
nathaniel nat nate nathan
nicholas nick nicky
nicola nicky nikki
patricia pat patty trish tricia
patrick pat paddy
peter pete
philip phil pip
rebecca becky becca
richard rick ricky dick rich richie
robert rob bob bobby robbie bert
ronald ron ronnie
samuel sam sammy
samantha sam sammy
sarah sara sally
stephen steve stevie steven
susan sue susie suzanne
theodore theo ted teddy
thomas tom tommy
timothy tim timmy
victoria vicky tori
william will bill billy willie liam
zachary zach zack
oliver ollie
olivia liv livvy
amelia millie amy
harriet hattie harry
jacqueline jackie
jeffrey jeff
jeremy jerry
gerald gerry jerry
mohammed mohammad muhammad mohamed
megan meg
mary molly polly mae
ann anne anna annie nan nancy hannah
caroline carol carrie
florence flo florrie
`

// nickGroups maps a given name to the numbers of the groups it belongs to.
var nickGroups = buildNicknames()

func buildNicknames() map[string][]uint16 {
	m := map[string][]uint16{}
	for i, line := range strings.Split(strings.TrimSpace(nicknameGroups), "\n") {
		for _, n := range strings.Fields(line) {
			m[n] = append(m[n], uint16(i))
		}
	}
	return m
}

// SameGivenName reports whether two normalised given names are the same name
// or a name and one of its short forms (bob/robert, liz/elizabeth).
func SameGivenName(a, b string) bool {
	if a == b {
		return a != ""
	}
	ga, gb := nickGroups[a], nickGroups[b]
	for _, x := range ga {
		for _, y := range gb {
			if x == y {
				return true
			}
		}
	}
	return false
}

// nickKeys returns the group keys of a given name, used as blocking keys.
func nickKeys(a string) []uint16 { return nickGroups[a] }
